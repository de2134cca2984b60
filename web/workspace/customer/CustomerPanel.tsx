import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, query } from '../../client/api.js';
import type { Page, TransactionView } from '../../client/types.js';
import { TransactionScreen } from '../completed/TransactionScreen.js';
import { useSession } from '../session.js';
import { t } from '../texts/index.js';
import { Dialog } from '../shell/Dialog.js';
import { when } from '../format.js';
import './customer.css';

type Ref = { id: string; name: string };
type ContactType = 'email' | 'phone';
interface Customer { id: string; name: string | null; email: string | null; phone: string | null }
/** `GET /transactions/:id/contact-status`. */
interface ContactStatus { email: { value: string; blocked: boolean } | null; phone: { value: string; blocked: boolean } | null }
interface ListItem extends TransactionView { inbox: Ref | null; agents: Ref[] }
type JourneyItem =
  | { type: 'chat'; id: string; at: string; transactionId: string; inbox: Ref; status: string; statusLabel: string; agent: Ref | null }
  | { type: 'call'; id: string; at: string; transactionId: string; inbox: Ref; agent: Ref | null; direction: string; durationSeconds: number; outcome: string | null };

const tc = t.customer;
const MAX_REASON = 250;
const sentence = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

/**
 * The `Customer` region of the open chat (issue 12 point 11): who the customer
 * is, every chat of theirs I may see, their journey (chats and calls), and
 * blocking their email or phone.
 */
export function CustomerPanel(props: { transaction: TransactionView; onOpenTransaction: (id: string) => void }): JSX.Element {
  const { api, socket } = useSession();
  const txn = props.transaction;
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [contact, setContact] = useState<ContactStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<null | 'all' | 'journey' | { block: ContactType; value: string }>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    const status = () => api.get<ContactStatus>(`/transactions/${encodeURIComponent(txn.id)}/contact-status`).then((s) => live && setContact(s), () => undefined);
    api.get<Customer>(`/customers/${encodeURIComponent(txn.customerId)}`).then((c) => live && setCustomer(c), (e) => live && setError(sentence(e)));
    void status();
    // blocked or unblocked anywhere (another agent, an admin): shown at once
    const onChange = ({ transactionIds }: { transactionIds: string[] }) => {
      if (transactionIds.includes(txn.id)) void status();
    };
    socket.on('contact.blocked', onChange);
    socket.on('contact.unblocked', onChange);
    return () => {
      live = false;
      socket.off('contact.blocked', onChange);
      socket.off('contact.unblocked', onChange);
    };
  }, [txn.id, txn.customerId, socket]);

  const open = (id: string) => {
    setDialog(null);
    props.onOpenTransaction(id);
  };

  function row(type: ContactType, label: string) {
    const value = customer?.[type];
    const blocked = contact?.[type]?.blocked ?? false;
    return (
      <li class="contact-row" data-contact={type}>
        <span class="contact-label">{label}</span>
        <span class="contact-value" id={`contact-${type}-${txn.id}`}>{value || <span class="muted">{tc.none}</span>}</span>
        {value && (blocked ? (
          <span class="pill status-failed">{tc.blocked}</span>
        ) : (
          <button type="button" class="secondary small" aria-describedby={`contact-${type}-${txn.id}`} onClick={() => setDialog({ block: type, value })}>{tc.block}</button>
        ))}
      </li>
    );
  }

  return (
    <section class="customer" aria-label={tc.region}>
      <h2>{tc.region}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {!customer && !error && <p class="muted">{tc.loading}</p>}
      {customer && (
        <>
          <p class="customer-name">{customer.name || tc.unnamed}</p>
          <ul class="contact">
            {row('email', tc.email)}
            {row('phone', tc.phone)}
          </ul>
          <div class="customer-actions">
            <button type="button" class="secondary" onClick={() => setDialog('all')}>{tc.viewAll}</button>
            <button type="button" class="secondary" onClick={() => setDialog('journey')}>{tc.journey}</button>
          </div>
        </>
      )}
      {dialog === 'all' && <AllTransactions customerId={txn.customerId} currentId={txn.id} onOpen={open} onClose={() => setDialog(null)} />}
      {dialog === 'journey' && <Journey customerId={txn.customerId} currentId={txn.id} onOpen={open} onClose={() => setDialog(null)} />}
      {dialog && typeof dialog === 'object' && (
        <BlockDialog
          transactionId={txn.id}
          type={dialog.block}
          value={dialog.value}
          onClose={() => setDialog(null)}
          onBlocked={() => {
            setContact((c) => ({ email: c?.email ?? null, phone: c?.phone ?? null, [dialog.block]: { value: dialog.value, blocked: true } }));
            setDialog(null);
          }}
        />
      )}
    </section>
  );
}

/** `View all transactions`: every chat of this customer in the inboxes I may see, newest first. */
function AllTransactions(props: { customerId: string; currentId: string; onOpen: (id: string) => void; onClose: () => void }) {
  const { api } = useSession();
  const [items, setItems] = useState<ListItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (after?: string) =>
    api.get<Page<ListItem>>(`/customers/${encodeURIComponent(props.customerId)}/transactions${query({ cursor: after, limit: 50 })}`).then(
      (p) => {
        setItems((old) => (after && old ? [...old, ...p.items] : p.items));
        setCursor(p.nextCursor);
      },
      (e) => setError(sentence(e)),
    );
  useEffect(() => void load(), [props.customerId]);
  return (
    <Dialog title={tc.allTitle} onClose={props.onClose} class="wide">
      {error && <p class="error" role="alert">{error}</p>}
      {!items && !error && <p class="muted">{tc.loading}</p>}
      {items?.length === 0 && <p class="muted">{tc.allEmpty}</p>}
      {items && items.length > 0 && (
        <ul class="history">
          {items.map((c) => (
            <li key={c.id}>
              <button type="button" class="history-item" onClick={() => props.onOpen(c.id)} aria-current={c.id === props.currentId ? 'true' : undefined}>
                <span>{c.inbox?.name ?? ''}</span>
                <span class={`pill status-${c.status}`}>{t.completed.status[c.status] ?? c.status}</span>
                <span class="muted">{c.agents.length ? c.agents.map((a) => a.name).join(', ') : tc.noAgent} · {when(c.createdAt)}{c.id === props.currentId ? ` · ${tc.current}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        {cursor && <button type="button" class="link" onClick={() => void load(cursor)}>{tc.more}</button>}
        <button type="button" class="primary" onClick={props.onClose}>{tc.close}</button>
      </div>
    </Dialog>
  );
}

/** `Customer journey`: chats and calls, newest first; one opens as the TXN screen with its timeline. */
function Journey(props: { customerId: string; currentId: string; onOpen: (id: string) => void; onClose: () => void }) {
  const { api } = useSession();
  const [items, setItems] = useState<JourneyItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const load = (after?: string) =>
    api.get<Page<JourneyItem>>(`/customers/${encodeURIComponent(props.customerId)}/journey${query({ cursor: after, limit: 50 })}`).then(
      (p) => {
        setItems((old) => (after && old ? [...old, ...p.items] : p.items));
        setCursor(p.nextCursor);
      },
      (e) => setError(sentence(e)),
    );
  useEffect(() => void load(), [props.customerId]);

  if (shown) {
    return (
      <Dialog title={tc.journey} onClose={props.onClose} class="wide">
        <TransactionScreen id={shown} />
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setShown(null)}>{tc.back}</button>
          <button type="button" class="primary" onClick={() => props.onOpen(shown)}>{tc.openChat}</button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title={tc.journey} onClose={props.onClose} class="wide">
      {error && <p class="error" role="alert">{error}</p>}
      {!items && !error && <p class="muted">{tc.loading}</p>}
      {items?.length === 0 && <p class="muted">{tc.journeyEmpty}</p>}
      {items && items.length > 0 && (
        <ol class="history journey">
          {items.map((j) => (
            <li key={`${j.type}-${j.id}`}>
              <button type="button" class="history-item" onClick={() => setShown(j.transactionId)}>
                <span>{j.type === 'chat' ? tc.chat : tc.call(j.direction)} · {j.inbox.name}</span>
                {j.type === 'chat'
                  ? <span class={`pill status-${j.status}`}>{j.statusLabel}</span>
                  : <span class="pill">{tc.duration(j.durationSeconds)}</span>}
                <span class="muted">{j.agent?.name ?? tc.noAgent} · {when(j.at)}{j.type === 'chat' && j.transactionId === props.currentId ? ` · ${tc.current}` : ''}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <div class="actions">
        {cursor && <button type="button" class="link" onClick={() => void load(cursor)}>{tc.more}</button>}
        <button type="button" class="primary" onClick={props.onClose}>{tc.close}</button>
      </div>
    </Dialog>
  );
}

/** `Block contact`: an optional reason (at most 250 characters, counted live), then `POST /transactions/:id/block`. */
function BlockDialog(props: { transactionId: string; type: ContactType; value: string; onClose: () => void; onBlocked: () => void }) {
  const { api, notify } = useSession();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/transactions/${encodeURIComponent(props.transactionId)}/block`, { type: props.type, reason: reason.trim() || null });
      notify(tc.blockedNote(props.value));
      props.onBlocked();
    } catch (err) {
      setError(sentence(err));
      setBusy(false);
    }
  }
  const counterId = `block-counter-${props.type}`;
  return (
    <Dialog title={tc.blockTitle} onClose={props.onClose}>
      <form onSubmit={submit} class="block-form">
        <p>{tc.blockWhat(props.value)}</p>
        <label>
          {tc.reason}
          <textarea value={reason} maxLength={MAX_REASON} rows={3} aria-describedby={counterId} onInput={(e) => setReason(e.currentTarget.value.slice(0, MAX_REASON))} />
        </label>
        <p id={counterId} class="muted counter" aria-live="polite">{tc.counter(reason.length, MAX_REASON)} · {tc.reasonHint}</p>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="actions">
          <button type="button" class="secondary" onClick={props.onClose}>{tc.cancel}</button>
          <button type="submit" class="primary danger" disabled={busy}>{busy ? tc.blocking : tc.block}</button>
        </div>
      </form>
    </Dialog>
  );
}
