import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, query } from '../../client/api.js';
import type { Page, TransactionView } from '../../client/types.js';
import { Dialog } from '../shell/Dialog.js';
import { when } from '../format.js';
import { useSession } from '../session.js';
import { t } from '../texts/index.js';
import { TransactionScreen } from './TransactionScreen.js';
import './completed.css';

type Ref = { id: string; name: string };
interface ListItem extends TransactionView {
  customer: { id: string; name: string | null; email: string | null; phone: string | null } | null;
  inbox: Ref | null;
  agents: Ref[];
}
interface Filters { inboxId: string; agentId: string; from: string; to: string }

const tx = t.completed;
const COMPLETED = 'ended,failed';

/** The filters as the API takes them: dates are whole local days, sent as instants. */
function apiFilters(f: Filters) {
  return {
    inboxId: f.inboxId || undefined,
    agentId: f.agentId || undefined,
    from: f.from ? new Date(`${f.from}T00:00:00`).toISOString() : undefined,
    to: f.to ? new Date(`${f.to}T23:59:59.999`).toISOString() : undefined,
  };
}

/** Hands a fetched file to the browser as a download, through a Blob link. */
function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The Completed tab (issue 12 point 13): ended and failed chats of the inboxes
 * the agent may see, filtered by inbox, agent and start date; a chat opens as
 * its transcript with the timeline; `Export CSV` downloads the API's export
 * with the same filters, byte for byte.
 */
export function CompletedView(props: { onOpenTransaction: (id: string) => void }): JSX.Element {
  const { api, socket } = useSession();
  const [inboxes, setInboxes] = useState<Ref[]>([]);
  const [agents, setAgents] = useState<Ref[]>([]);
  const [filters, setFilters] = useState<Filters>({ inboxId: '', agentId: '', from: '', to: '' });
  const [items, setItems] = useState<ListItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const generation = useRef(0);

  const badDates = !!filters.from && !!filters.to && filters.from > filters.to;
  const show = (e: unknown) => setError(e instanceof ApiError ? e.message : String(e));

  useEffect(() => {
    api.get<Page<Ref>>('/inboxes').then((p) => setInboxes(p.items), show);
    api.get<Page<Ref & { role: string }>>('/users').then((p) => setAgents(p.items), show);
  }, [api]);

  async function load(more = false) {
    if (badDates) return;
    const mine = ++generation.current;
    setError(null);
    try {
      const page = await api.get<Page<ListItem>>(`/transactions${query({ status: COMPLETED, ...apiFilters(filters), limit: 50, cursor: more ? cursor : undefined })}`);
      if (mine !== generation.current) return;
      setItems((old) => (more && old ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (e) {
      if (mine === generation.current) show(e);
    }
  }

  useEffect(() => void load(), [filters.inboxId, filters.agentId, filters.from, filters.to]);

  // a chat that ends anywhere I can see joins the list
  const reload = useRef<() => void>(() => undefined);
  reload.current = () => void load();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onUpdated = ({ transaction }: { transaction: TransactionView }) => {
      if (transaction.status !== 'ended' && transaction.status !== 'failed') return;
      clearTimeout(timer);
      timer = setTimeout(() => reload.current(), 300); // a burst of endings is one reload
    };
    socket.on('chat.updated', onUpdated);
    return () => {
      clearTimeout(timer);
      socket.off('chat.updated', onUpdated);
    };
  }, [socket]);

  async function exportCsv() {
    setExporting(true);
    setExportNote(null);
    setError(null);
    try {
      const blob = await api.download(`/exports/transactions.csv${query(apiFilters(filters))}`);
      const stamp = new Date().toISOString().slice(0, 10);
      saveBlob(blob, `completed-chats-${stamp}.csv`);
      setExportNote(tx.exported);
    } catch (e) {
      show(e);
    } finally {
      setExporting(false);
    }
  }

  const set = (key: keyof Filters) => (e: Event) => setFilters((f) => ({ ...f, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value }));

  return (
    <div class="completed">
      <h2>{tx.heading}</h2>
      <fieldset class="filters">
        <legend class="visually-hidden">{tx.filters}</legend>
        <label>
          {tx.inbox}
          <select value={filters.inboxId} onChange={set('inboxId')}>
            <option value="">{tx.allInboxes}</option>
            {inboxes.map((i) => <option key={i.id} value={i.id}>{i.name}</option>)}
          </select>
        </label>
        <label>
          {tx.agent}
          <select value={filters.agentId} onChange={set('agentId')}>
            <option value="">{tx.allAgents}</option>
            {agents.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </label>
        <label>
          {tx.from}
          <input type="date" value={filters.from} max={filters.to || undefined} onChange={set('from')} />
        </label>
        <label>
          {tx.to}
          <input type="date" value={filters.to} min={filters.from || undefined} onChange={set('to')} />
        </label>
      </fieldset>
      <div class="export-row">
        <button type="button" class="secondary" onClick={() => void exportCsv()} disabled={exporting || badDates} aria-busy={exporting}>
          {exporting ? tx.exporting : tx.exportCsv}
        </button>
        {exportNote && <span class="muted" role="status">{exportNote}</span>}
      </div>
      {badDates && <p class="error" role="alert">{tx.badDates}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {items === null && !error && <p class="muted">{tx.loading}</p>}
      {items?.length === 0 && <p class="muted">{tx.empty}</p>}
      {items && items.length > 0 && (
        <ul class="completed-list">
          {items.map((c) => (
            <li key={c.id}>
              <button type="button" class="completed-item" onClick={() => setOpened(c.id)}>
                <span class="completed-name">{c.customer?.name || c.customer?.email || tx.unnamed}</span>
                <span class={`pill status-${c.status}`}>{tx.status[c.status] ?? c.status}</span>
                <span class="muted">
                  {c.inbox?.name ?? ''} · {c.agents.length ? c.agents.map((a) => a.name).join(', ') : tx.noAgent} · {when(c.endedAt ?? c.createdAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {cursor && <button type="button" class="link" onClick={() => void load(true)}>{tx.more}</button>}
      {opened && (
        <Dialog title={tx.transcript} class="wide" onClose={() => setOpened(null)}>
          <TransactionScreen id={opened} />
          <div class="actions">
            <button type="button" class="secondary" onClick={() => { const id = opened; setOpened(null); props.onOpenTransaction(id); }}>{tx.openChat}</button>
            <button type="button" class="primary" onClick={() => setOpened(null)}>{tx.close}</button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
