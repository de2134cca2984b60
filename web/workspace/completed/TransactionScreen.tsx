import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../client/api.js';
import type { TransactionView } from '../../client/types.js';
import { when } from '../format.js';
import { useSession } from '../session.js';
import { t } from '../texts/index.js';

type Ref = { id: string; name: string };

/** `GET /transactions/:id`: one TXN with its customer, inbox, agents and whole timeline (messages included). */
export interface TransactionDetail extends TransactionView {
  customer: { id: string; name: string | null; email: string | null; phone: string | null } | null;
  inbox: Ref | null;
  agents: Ref[];
  messageCount: number;
  timeline: Array<{ id: string; type: string; actor: { type: string; id: string | null; name?: string }; data: Record<string, unknown> | null; createdAt: string }>;
}

const tx = t.completed;

function actorName(actor: TransactionDetail['timeline'][number]['actor'], detail: TransactionDetail): string {
  if (actor.name) return actor.name;
  if (actor.type === 'visitor') return detail.customer?.name || tx.actors.visitor;
  return tx.actors[actor.type] ?? actor.type;
}

/** What an entry says besides its kind: the message text, the file name, the reason. */
function entryText(type: string, data: Record<string, unknown> | null): string {
  if (!data) return '';
  const parts: string[] = [];
  for (const key of ['body', 'subject', 'name', 'reason', 'value', 'outcome']) {
    const v = data[key];
    // codes such as `agent_completed` read as words
    if (typeof v === 'string' && v) parts.push(key === 'reason' && /^[a-z]+(_[a-z]+)+$/.test(v) ? v.replace(/_/g, ' ') : v);
  }
  if (type === 'message' && Array.isArray(data.attachments)) {
    for (const a of data.attachments as Array<{ name?: unknown }>) if (typeof a?.name === 'string') parts.push(`📎 ${a.name}`);
  }
  return parts.join(' · ');
}

/**
 * The TXN screen: a chat's details, transcript and timeline in time order,
 * read from `GET /transactions/:id`. Text only: nothing of a message is ever
 * rendered as HTML.
 */
export function TransactionScreen(props: { id: string }) {
  const { api } = useSession();
  const [detail, setDetail] = useState<TransactionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    api.get<TransactionDetail>(`/transactions/${encodeURIComponent(props.id)}`).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => void (live = false);
  }, [props.id]);

  if (error) return <p class="error" role="alert">{error}</p>;
  if (!detail) return <p class="muted">{tx.loading}</p>;
  return (
    <div class="txn-screen">
      <dl class="facts">
        <dt>{t.customer.name}</dt>
        <dd>{detail.customer?.name || tx.unnamed}{detail.customer?.email ? ` · ${detail.customer.email}` : ''}</dd>
        <dt>{tx.inbox}</dt>
        <dd>{detail.inbox?.name ?? ''} <span class={`pill status-${detail.status}`}>{tx.status[detail.status] ?? detail.status}</span></dd>
        <dt>{tx.agents}</dt>
        <dd>{detail.agents.length ? detail.agents.map((a) => a.name).join(', ') : tx.noAgent}</dd>
        <dt>{tx.started}</dt>
        <dd>{when(detail.createdAt)}</dd>
        {detail.endedAt && (
          <>
            <dt>{tx.ended}</dt>
            <dd>{when(detail.endedAt)}</dd>
          </>
        )}
      </dl>
      <h3>{tx.timeline} · {tx.messages(detail.messageCount)}</h3>
      <ol class="timeline" aria-label={tx.timeline}>
        {detail.timeline.map((e) => (
          <li key={e.id} class={`timeline-${e.type === 'message' ? `message from-${e.actor.type}` : 'event'}`}>
            <span class="timeline-head">
              <strong>{e.type === 'message' ? actorName(e.actor, detail) : tx.events[e.type] ?? e.type.replace(/[._]/g, ' ')}</strong>
              {e.type !== 'message' && e.actor.type !== 'system' ? ` · ${actorName(e.actor, detail)}` : ''}
              {' '}
              <time dateTime={e.createdAt} class="muted">{when(e.createdAt)}</time>
            </span>
            {entryText(e.type, e.data) && <span class="timeline-text">{entryText(e.type, e.data)}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
