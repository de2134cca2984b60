import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../client/api.js';
import type { TransactionView } from '../../client/types.js';
import { t } from '../texts/index.js';
import { Dialog } from './Dialog.js';
import type { Store } from './store.js';

/** `GET /transactions/:id/transfer-targets` (docs/workspace.md). */
interface Targets {
  agents: { id: string; name: string; presence: 'online' | 'away' | 'offline'; activeChats: number; maxActiveChats: number; freeCapacity: number }[];
  inboxes: { id: string; name: string }[];
}

/** Transfer to an agent of the chat's inbox (who is online, with free capacity) or to another inbox. */
export function TransferDialog(props: { store: Store; txn: TransactionView; onClose: () => void }) {
  const { store, txn } = props;
  const s = t.shell.transfer;
  const [targets, setTargets] = useState<Targets | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [agentId, setAgentId] = useState('');
  const [inboxId, setInboxId] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    store.api
      .get<Targets>(`/transactions/${txn.id}/transfer-targets`)
      .then(setTargets)
      .catch((err) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [txn.id]);

  async function go(target: { toAgentId: string } | { toInboxId: string }) {
    setBusy(true);
    const ok = await store.requestTransfer(txn.id, target);
    setBusy(false);
    if (ok) props.onClose();
  }

  const presence = (p: string) => (p === 'online' ? t.shell.online : p === 'away' ? t.shell.away : t.shell.offline);
  return (
    <Dialog title={s.title} onClose={props.onClose} class="transfer">
      {error && <p class="error" role="alert">{error}</p>}
      {!targets && !error && <p class="muted">{t.shell.conversation.loading}</p>}
      {targets && (
        <>
          <fieldset>
            <legend>{s.toAgent}</legend>
            <label for="transfer-agent">{s.agent}</label>
            <select id="transfer-agent" value={agentId} onChange={(e) => setAgentId(e.currentTarget.value)}>
              <option value="">{s.choose}</option>
              {targets.agents.map((a) => (
                <option key={a.id} value={a.id} disabled={a.presence !== 'online' || a.freeCapacity <= 0}>
                  {s.agentOption(a.name, presence(a.presence), a.freeCapacity)}
                </option>
              ))}
            </select>
            {!targets.agents.some((a) => a.presence === 'online' && a.freeCapacity > 0) && <p class="muted">{s.noAgents}</p>}
            <button type="button" class="primary" disabled={!agentId || busy} onClick={() => void go({ toAgentId: agentId })}>{s.sendRequest}</button>
          </fieldset>
          <fieldset>
            <legend>{s.toInbox}</legend>
            <label for="transfer-inbox">{s.inbox}</label>
            <select id="transfer-inbox" value={inboxId} onChange={(e) => setInboxId(e.currentTarget.value)}>
              <option value="">{s.choose}</option>
              {targets.inboxes.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
            </select>
            <button type="button" class="secondary" disabled={!inboxId || busy} onClick={() => void go({ toInboxId: inboxId })}>{s.moveToInbox}</button>
          </fieldset>
        </>
      )}
      <div class="actions">
        <button type="button" class="link" onClick={props.onClose}>{s.close}</button>
      </div>
    </Dialog>
  );
}
