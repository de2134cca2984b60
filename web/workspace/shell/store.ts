import { useEffect, useState } from 'preact/hooks';
import { ApiError, query, type Api } from '../../client/api.js';
import { ACK_TIMEOUT_MS, mergeMessages, Outbox, type AgentSocket, type PendingMessage } from '../../client/realtime.js';
import type { MessageView, Page, TransactionListItem, TransactionView, TransferView, UserView } from '../../client/types.js';
import { t } from '../texts/index.js';
import { alertUser } from './attention.js';

export interface CustomerRef {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}
export interface InboxRef {
  id: string;
  name: string;
}
export interface Note {
  id: number;
  text: string;
  kind: 'info' | 'alert';
}
export interface Offer {
  transaction: TransactionView;
  expiresAt: string;
  /** Set once I answered it here (its update is then no news). */
  accepting?: boolean;
}
export interface IncomingTransfer {
  transfer: TransferView;
  transaction: TransactionView;
}
export interface Thread {
  items: MessageView[];
  /** Cursor of the older page (messages before the first shown); null when the start is shown. */
  olderCursor: string | null;
  loading: boolean;
  error: string | null;
}

export interface State {
  user: UserView;
  capacity: number | null;
  connection: 'connecting' | 'online' | 'reconnecting';
  txns: Record<string, TransactionView>;
  customers: Record<string, CustomerRef>;
  inboxes: InboxRef[];
  unread: Record<string, number>;
  openId: string | null;
  threads: Record<string, Thread>;
  typing: Record<string, boolean>;
  offers: Offer[];
  incoming: IncomingTransfer[];
  /** My pending transfer of a chat, by transaction id. */
  outgoing: Record<string, TransferView>;
  notes: Note[];
  /** Bumped when the outbox changes. */
  outboxVersion: number;
  listError: string | null;
}

const ACTIVE = new Set(['assigning', 'assigned', 'transferring']);
export const isClosed = (txn: TransactionView) => txn.status === 'ended' || txn.status === 'failed';
const PAGE = 50;

/**
 * The workspace's state and everything that changes it: REST loads, socket
 * events, the outbox. Components read it with `useStore()` and call its methods.
 */
export class Store {
  state: State;
  readonly outbox: Outbox;
  private readonly listeners = new Set<() => void>();
  private noteSeq = 0;
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private retryTimer: ReturnType<typeof setInterval> | null = null;
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private everConnected = false;
  private closed = false;

  constructor(
    readonly api: Api,
    readonly socket: AgentSocket,
    user: UserView,
  ) {
    this.state = {
      user, capacity: user.maxActiveChats ?? null, connection: 'connecting', txns: {}, customers: {}, inboxes: [], unread: {}, openId: null,
      threads: {}, typing: {}, offers: [], incoming: [], outgoing: {}, notes: [], outboxVersion: 0, listError: null,
    };
    this.outbox = new Outbox(
      async (payload) => {
        if (!this.socket.connected) throw new Error('offline');
        return this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message.send', payload);
      },
      {
        stored: (message) => this.addMessages(message.transactionId, [message]),
        changed: () => this.set({ outboxVersion: this.state.outboxVersion + 1 }),
      },
    );
  }

  // ---- plumbing -------------------------------------------------------------

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(patch: Partial<State>): void {
    if (this.closed) return;
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn();
  }

  notify = (text: string, kind: 'info' | 'alert' = 'info'): void => {
    const note = { id: ++this.noteSeq, text, kind };
    this.set({ notes: [...this.state.notes, note].slice(-3) });
    setTimeout(() => this.dismiss(note.id), kind === 'alert' ? 12000 : 8000);
  };

  dismiss(id: number): void {
    this.set({ notes: this.state.notes.filter((n) => n.id !== id) });
  }

  private putTxns(list: TransactionView[]): void {
    if (!list.length) return;
    const txns = { ...this.state.txns };
    for (const txn of list) {
      const known = txns[txn.id];
      // events may arrive out of order: keep the newer state
      if (!known || known.updatedAt <= txn.updatedAt) txns[txn.id] = txn;
    }
    this.set({ txns });
  }

  private putCustomers(list: CustomerRef[]): void {
    this.set({ customers: { ...this.state.customers, ...Object.fromEntries(list.map((c) => [c.id, c])) } });
  }

  /** Fetches the customer of a chat the first time it is seen (events carry only its id). */
  private async customerOf(txn: TransactionView): Promise<CustomerRef | null> {
    const known = this.state.customers[txn.customerId];
    if (known) return known;
    try {
      const c = await this.api.get<CustomerRef>(`/customers/${txn.customerId}`);
      this.putCustomers([c]);
      return c;
    } catch {
      return null;
    }
  }

  customerName(txn: TransactionView): string {
    return this.state.customers[txn.customerId]?.name || t.shell.visitor;
  }

  inboxName(id: string): string {
    return this.state.inboxes.find((i) => i.id === id)?.name ?? '';
  }

  // ---- lifecycle ------------------------------------------------------------

  start(): void {
    const s = this.socket;
    s.on('connect', () => void this.onConnect());
    s.on('disconnect', (reason) => {
      this.set({ connection: 'reconnecting' });
      // a server shutting down says goodbye; its successor is worth reconnecting to
      if (reason === 'io server disconnect') setTimeout(() => !this.closed && s.connect(), 1000);
    });
    s.on('connect_error', (err) => {
      if (/token|auth/i.test(err.message)) this.set({ listError: err.message });
      this.set({ connection: this.everConnected ? 'reconnecting' : 'connecting' });
    });
    s.on('chat.new', ({ transaction }) => void this.onChatNew(transaction));
    s.on('chat.offered', ({ transaction, expiresAt }) => void this.onOffered(transaction, expiresAt));
    s.on('chat.updated', ({ transaction }) => this.onUpdated(transaction));
    s.on('message.new', ({ message }) => this.onMessage(message));
    s.on('typing', ({ transactionId, typing, from }) => from === 'visitor' && this.onTyping(transactionId, typing));
    s.on('transfer.requested', ({ transfer, transaction }) => void this.onTransferRequested(transfer, transaction));
    s.on('transfer.pending', ({ transfer, transaction }) => {
      this.putTxns([transaction]);
      if (transfer.fromAgentId === this.state.user.id) this.set({ outgoing: { ...this.state.outgoing, [transaction.id]: transfer } });
    });
    for (const outcome of ['accepted', 'rejected', 'expired', 'cancelled'] as const) {
      s.on(`transfer.${outcome}`, ({ transfer }) => this.onTransferSettled(transfer, outcome));
    }
    s.on('discussion.mention', ({ transactionId, message }) => {
      const txn = this.state.txns[transactionId];
      const text = t.shell.mention('name' in message.author ? message.author.name : '', txn ? this.customerName(txn) : '');
      this.notify(text, 'alert');
      alertUser(text);
    });
    this.retryTimer = setInterval(() => this.outbox.flush(), ACK_TIMEOUT_MS + 2000);
    this.refreshTimer = setInterval(() => void this.loadLists(), 30000);
    void this.loadBasics();
    const linked = /^\/app\/chats\/([^/]+)$/.exec(location.pathname);
    if (linked) void this.open(decodeURIComponent(linked[1]!));
  }

  stop(): void {
    this.closed = true;
    if (this.retryTimer) clearInterval(this.retryTimer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.socket.removeAllListeners();
    this.socket.close();
  }

  private async loadBasics(): Promise<void> {
    try {
      const [me, org, inboxes] = await Promise.all([
        this.api.get<UserView>('/me'),
        this.api.get<{ maxActiveChatsPerAgent: number }>('/organization'),
        this.api.get<{ items: InboxRef[] }>('/inboxes'),
      ]);
      this.set({ user: me, capacity: me.maxActiveChats ?? org.maxActiveChatsPerAgent, inboxes: inboxes.items.map((i) => ({ id: i.id, name: i.name })) });
    } catch (err) {
      this.set({ listError: err instanceof ApiError ? err.message : String(err) });
    }
    await this.loadLists();
  }

  /** Mine and Waiting, from the server (which applies the access rules). */
  async loadLists(): Promise<void> {
    try {
      const [mine, waiting] = await Promise.all([
        this.api.get<Page<TransactionListItem>>(`/transactions${query({ status: 'assigning,assigned,transferring', limit: 200 })}`),
        this.api.get<Page<TransactionListItem>>(`/transactions${query({ status: 'waiting', limit: 200 })}`),
      ]);
      const items = [...mine.items, ...waiting.items];
      this.putCustomers(items.flatMap((i) => (i.customer ? [i.customer] : [])));
      // what is no longer open (ended while we were away) is refreshed too
      const seen = new Set(items.map((i) => i.id));
      const gone = Object.values(this.state.txns).filter((x) => !isClosed(x) && !seen.has(x.id));
      this.putTxns(items);
      for (const x of gone) void this.refreshTxn(x.id);
      for (const item of items) if (this.socket.connected) this.socket.emit('transaction.join', { transactionId: item.id }, () => undefined);
      for (const offer of items.filter((i) => i.status === 'assigning' && i.assigneeId === this.state.user.id && i.offerExpiresAt)) {
        if (!this.state.offers.some((o) => o.transaction.id === offer.id)) this.set({ offers: [...this.state.offers, { transaction: offer, expiresAt: offer.offerExpiresAt! }] });
      }
      this.set({ listError: null });
    } catch (err) {
      this.set({ listError: err instanceof ApiError ? err.message : String(err) });
    }
  }

  private async refreshTxn(id: string): Promise<TransactionView | null> {
    try {
      const txn = await this.api.get<TransactionView & { pendingTransfer?: TransferView | null }>(`/transactions/${id}`);
      this.putTxns([txn]);
      const pending = txn.pendingTransfer;
      if (pending?.status === 'pending' && pending.fromAgentId === this.state.user.id) this.set({ outgoing: { ...this.state.outgoing, [id]: pending } });
      return txn;
    } catch {
      return null;
    }
  }

  private async onConnect(): Promise<void> {
    const again = this.everConnected;
    this.everConnected = true;
    // presence follows the connection: show what the server now says
    void this.api.get<UserView>('/me').then((me) => this.set({ user: me })).catch(() => undefined);
    if (!again) {
      this.set({ connection: 'online' });
      for (const id of Object.keys(this.state.txns)) this.socket.emit('transaction.join', { transactionId: id }, () => undefined);
      return;
    }
    // back after a drop: follow every chat again, fetch what was missed, resend what was not acked
    await this.loadLists();
    const loaded = Object.keys(this.state.threads);
    await Promise.all(loaded.map((id) => this.syncThread(id)));
    this.outbox.flush();
    this.set({ connection: 'online' });
  }

  private async syncThread(id: string): Promise<void> {
    const thread = this.state.threads[id];
    if (!thread) return;
    try {
      await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('transaction.join', { transactionId: id });
      const last = thread.items.at(-1);
      const ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { transactionId: id, afterMessageId: last?.id ?? null });
      if (ack.ok) this.addMessages(id, ack.messages, { counted: false });
      await this.refreshTxn(id);
    } catch {
      // the next reconnect tries again
    }
  }

  // ---- events ---------------------------------------------------------------

  private async onChatNew(txn: TransactionView): Promise<void> {
    this.putTxns([txn]);
    this.socket.emit('transaction.join', { transactionId: txn.id }, () => undefined);
    const customer = await this.customerOf(txn);
    const text = t.shell.newChat(customer?.name || t.shell.visitor, this.inboxName(txn.inboxId));
    this.notify(text);
    alertUser(text);
  }

  private async onOffered(transaction: TransactionView, expiresAt: string): Promise<void> {
    this.putTxns([transaction]);
    await this.customerOf(transaction);
    this.set({ offers: [...this.state.offers.filter((o) => o.transaction.id !== transaction.id), { transaction, expiresAt }] });
    alertUser(t.shell.offer.title(this.customerName(transaction)));
  }

  private onUpdated(txn: TransactionView): void {
    const before = this.state.txns[txn.id];
    this.putTxns([txn]);
    const me = this.state.user.id;
    const offer = this.state.offers.find((o) => o.transaction.id === txn.id);
    if (offer && !(txn.status === 'assigning' && txn.assigneeId === me)) {
      this.set({ offers: this.state.offers.filter((o) => o !== offer) });
      if (txn.assigneeId === me && txn.status !== 'assigning') {
        if (!offer.accepting) this.notify(t.shell.offer.takenHere(this.customerName(txn)));
      } else if (txn.assigneeId && txn.assigneeId !== me) this.notify(t.shell.offer.taken(this.customerName(txn)));
      else if (isClosed(txn)) this.notify(t.shell.offer.ended(this.customerName(txn)));
      else this.notify(t.shell.offer.expired(this.customerName(txn)));
    }
    if (txn.status !== 'transferring' && this.state.outgoing[txn.id]) {
      const { [txn.id]: _, ...rest } = this.state.outgoing;
      this.set({ outgoing: rest });
    }
    if (before && !isClosed(before) && isClosed(txn) && before.assigneeId === me) {
      this.notify(t.shell.chatEnded(this.customerName(txn)));
    }
  }

  private onMessage(message: MessageView): void {
    const id = message.transactionId;
    this.addMessages(id, [message]);
    if (message.sender.type === 'visitor') this.onTyping(id, false);
  }

  private onTyping(id: string, typing: boolean): void {
    const timer = this.typingTimers.get(id);
    if (timer) clearTimeout(timer);
    if (typing) this.typingTimers.set(id, setTimeout(() => this.onTyping(id, false), 6000));
    if (!!this.state.typing[id] !== typing) this.set({ typing: { ...this.state.typing, [id]: typing } });
  }

  private async onTransferRequested(transfer: TransferView, transaction: TransactionView): Promise<void> {
    this.putTxns([transaction]);
    await this.customerOf(transaction);
    this.set({ incoming: [...this.state.incoming.filter((x) => x.transfer.id !== transfer.id), { transfer, transaction }] });
    alertUser(t.shell.transfer.requestTitle(transfer.fromAgent.name));
  }

  private onTransferSettled(transfer: TransferView, outcome: 'accepted' | 'rejected' | 'expired' | 'cancelled'): void {
    const me = this.state.user.id;
    const incoming = this.state.incoming.find((x) => x.transfer.id === transfer.id);
    if (incoming) {
      this.set({ incoming: this.state.incoming.filter((x) => x !== incoming) });
      if (outcome === 'cancelled' || outcome === 'expired') this.notify(t.shell.transfer.requestGone(outcome, transfer.fromAgent.name));
    }
    const mine = this.state.outgoing[transfer.transactionId];
    if (mine?.id === transfer.id || (transfer.fromAgentId === me && transfer.toAgentId !== me)) {
      const { [transfer.transactionId]: _, ...rest } = this.state.outgoing;
      this.set({ outgoing: rest });
      const txn = this.state.txns[transfer.transactionId];
      const text = t.shell.transfer.outcome(outcome, transfer.toAgent?.name ?? '', txn ? this.customerName(txn) : '');
      this.notify(text, outcome === 'accepted' ? 'info' : 'alert');
    }
    void this.refreshTxn(transfer.transactionId);
  }

  // ---- messages -------------------------------------------------------------

  /** Adds stored messages (each once); counts unread ones for chats not open. */
  addMessages(id: string, messages: MessageView[], opts: { counted?: boolean } = {}): void {
    if (!messages.length) return;
    const thread = this.state.threads[id];
    if (thread) {
      const items = mergeMessages(thread.items, messages);
      if (items !== thread.items) this.set({ threads: { ...this.state.threads, [id]: { ...thread, items } } });
    }
    const latest = messages.reduce((a, m) => (m.createdAt > a ? m.createdAt : a), '');
    const txn = this.state.txns[id];
    if (txn && latest > txn.lastActivityAt) this.set({ txns: { ...this.state.txns, [id]: { ...txn, lastActivityAt: latest } } });
    if (opts.counted !== false && this.state.openId !== id) {
      const fresh = messages.filter((m) => m.sender.type === 'visitor' || (m.sender.type === 'agent' && m.sender.id !== this.state.user.id));
      if (fresh.length) this.set({ unread: { ...this.state.unread, [id]: (this.state.unread[id] ?? 0) + fresh.length } });
    }
  }

  async open(id: string | null): Promise<void> {
    this.set({ openId: id });
    // the address names the open chat, so a reload (or a shared link) opens it again
    const path = id ? `/app/chats/${encodeURIComponent(id)}` : '/app';
    if (location.pathname !== path) history.replaceState(null, '', path);
    if (!id) return;
    if (this.state.unread[id]) this.set({ unread: { ...this.state.unread, [id]: 0 } });
    if (!this.state.txns[id]) {
      try {
        const txn = await this.api.get<TransactionView>(`/transactions/${id}`);
        this.putTxns([txn]);
      } catch (err) {
        this.set({ threads: { ...this.state.threads, [id]: { items: [], olderCursor: null, loading: false, error: err instanceof ApiError ? err.message : String(err) } } });
        return;
      }
    }
    const txn = this.state.txns[id]!;
    void this.customerOf(txn);
    this.socket.emit('transaction.join', { transactionId: id }, () => undefined);
    if (this.state.threads[id] && !this.state.threads[id]!.error) {
      void this.syncThread(id);
      return;
    }
    this.set({ threads: { ...this.state.threads, [id]: { items: [], olderCursor: null, loading: true, error: null } } });
    try {
      const page = await this.api.get<Page<MessageView>>(`/transactions/${id}/messages${query({ order: 'desc', limit: PAGE })}`);
      const current = this.state.threads[id]!;
      this.set({ threads: { ...this.state.threads, [id]: { items: mergeMessages(current.items, page.items.slice().reverse()), olderCursor: page.nextCursor, loading: false, error: null } } });
    } catch (err) {
      this.set({ threads: { ...this.state.threads, [id]: { items: [], olderCursor: null, loading: false, error: err instanceof ApiError ? err.message : String(err) } } });
    }
  }

  async loadOlder(id: string): Promise<void> {
    const thread = this.state.threads[id];
    if (!thread?.olderCursor || thread.loading) return;
    this.set({ threads: { ...this.state.threads, [id]: { ...thread, loading: true } } });
    try {
      const page = await this.api.get<Page<MessageView>>(`/transactions/${id}/messages${query({ order: 'desc', limit: PAGE, cursor: thread.olderCursor })}`);
      const current = this.state.threads[id]!;
      this.set({ threads: { ...this.state.threads, [id]: { items: mergeMessages(current.items, page.items), olderCursor: page.nextCursor, loading: false, error: null } } });
    } catch (err) {
      const current = this.state.threads[id]!;
      this.set({ threads: { ...this.state.threads, [id]: { ...current, loading: false, error: err instanceof ApiError ? err.message : String(err) } } });
    }
  }

  pending(id: string): PendingMessage[] {
    return this.outbox.list(id);
  }

  send(id: string, body: string): void {
    this.outbox.add(id, body);
    this.typingOff(id);
  }

  private typingSent = new Map<string, ReturnType<typeof setTimeout>>();

  /** Tells the visitor that I type (at most every few seconds), and that I stopped. */
  typingOn(id: string): void {
    if (!this.typingSent.has(id)) this.socket.emit('typing', { transactionId: id, typing: true }, () => undefined);
    else clearTimeout(this.typingSent.get(id));
    this.typingSent.set(id, setTimeout(() => this.typingOff(id), 3000));
  }

  typingOff(id: string): void {
    const timer = this.typingSent.get(id);
    if (!timer) return;
    clearTimeout(timer);
    this.typingSent.delete(id);
    this.socket.emit('typing', { transactionId: id, typing: false }, () => undefined);
  }

  async upload(id: string, file: File): Promise<void> {
    try {
      const message = await this.api.upload<MessageView>(`/transactions/${id}/files`, file);
      if (message && typeof message === 'object' && 'transactionId' in message) this.addMessages(id, [message], { counted: false });
    } catch (err) {
      this.notify(err instanceof ApiError ? err.message : String(err), 'alert');
    }
  }

  // ---- actions --------------------------------------------------------------

  /** Runs a socket call; a refusal becomes a notification with the server's sentence. */
  async call<R>(run: () => Promise<{ ok: true } & R | { ok: false; code: string; message: string }>): Promise<R | null> {
    try {
      const ack = await run();
      if (ack.ok) return ack as R;
      this.notify(ack.message, 'alert');
    } catch {
      this.notify(t.shell.noAnswer, 'alert');
    }
    return null;
  }

  async acceptOffer(offer: Offer): Promise<void> {
    offer.accepting = true;
    const answer = await this.call<{ transaction: TransactionView }>(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat.accept', { transactionId: offer.transaction.id }));
    this.set({ offers: this.state.offers.filter((o) => o.transaction.id !== offer.transaction.id) });
    if (answer) {
      this.putTxns([answer.transaction]);
      void this.open(answer.transaction.id);
    }
  }

  async rejectOffer(offer: Offer): Promise<void> {
    offer.accepting = true;
    this.set({ offers: this.state.offers.filter((o) => o.transaction.id !== offer.transaction.id) });
    const answer = await this.call<{ transaction: TransactionView }>(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat.reject', { transactionId: offer.transaction.id }));
    if (answer) this.putTxns([answer.transaction]);
  }

  async complete(id: string): Promise<void> {
    const answer = await this.call<{ transaction: TransactionView }>(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat.complete', { transactionId: id }));
    if (answer) this.putTxns([answer.transaction]);
  }

  async setPresence(status: 'online' | 'away'): Promise<void> {
    try {
      const me = await this.api.put<UserView>('/me/presence', { status });
      this.set({ user: me });
    } catch (err) {
      this.notify(err instanceof ApiError ? err.message : String(err), 'alert');
    }
  }

  async requestTransfer(id: string, target: { toAgentId: string } | { toInboxId: string }): Promise<boolean> {
    const answer = await this.call<{ transfer: TransferView }>(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('transfer.request', { transactionId: id, ...target }));
    if (!answer) return false;
    if (answer.transfer.status === 'pending') this.set({ outgoing: { ...this.state.outgoing, [id]: answer.transfer } });
    else this.notify(t.shell.transfer.moved(this.inboxName(answer.transfer.toInboxId ?? '')));
    void this.refreshTxn(id);
    return true;
  }

  async cancelTransfer(id: string): Promise<void> {
    const transfer = this.state.outgoing[id];
    if (!transfer) return;
    await this.call(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('transfer.cancel', { transferId: transfer.id }));
  }

  async answerTransfer(item: IncomingTransfer, accept: boolean): Promise<void> {
    this.set({ incoming: this.state.incoming.filter((x) => x !== item) });
    const event = accept ? 'transfer.accept' : 'transfer.reject';
    const answer = await this.call<{ transfer: TransferView }>(() => this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { transferId: item.transfer.id }));
    if (answer && accept) {
      await this.refreshTxn(item.transaction.id);
      void this.open(item.transaction.id);
    }
  }

  /** Active chats of mine, counted as the server counts them against my capacity. */
  activeCount(): number {
    const me = this.state.user.id;
    return Object.values(this.state.txns).filter((x) => x.assigneeId === me && ACTIVE.has(x.status)).length;
  }
}

/** Re-renders the component whenever the store changes. */
export function useStore(store: Store): State {
  const [, setTick] = useState(0);
  useEffect(() => store.subscribe(() => setTick((n) => n + 1)), [store]);
  return store.state;
}
