import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents, MessageView, VisitorClientEvents, VisitorServerEvents } from './types.js';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
export type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;

/** How long a request waits for the server's acknowledgement before it counts as not delivered. */
export const ACK_TIMEOUT_MS = 8000;

/** `/agent`, authenticated in the handshake with the agent's access token. */
export function connectAgent(token: string, baseUrl = ''): AgentSocket {
  return io(`${baseUrl}/agent`, { auth: { token }, reconnectionDelayMax: 5000 });
}

/** `/visitor`, authenticated with the visitor token from the chat start. */
export function connectVisitor(token: string, baseUrl = ''): VisitorSocket {
  return io(`${baseUrl}/visitor`, { auth: { token }, reconnectionDelayMax: 5000 });
}

export interface PendingMessage {
  clientMessageId: string;
  transactionId: string;
  body: string;
  createdAt: string;
  /** `sending` until acked; `refused` when the server said no (with its sentence); it is then not retried. */
  state: 'sending' | 'refused';
  error?: string;
}

type SendAck = { ok: true; message: MessageView } | { ok: false; code: string; message: string };
type Sender = (payload: { transactionId: string; clientMessageId: string; body: string }) => Promise<SendAck>;

/**
 * The outbox of one page: every send has a `clientMessageId` and stays pending
 * until the server acknowledges it; what was not acked (timeout, dropped
 * socket) is sent again with the same id, so the server stores it once.
 */
export class Outbox {
  private readonly pending = new Map<string, PendingMessage>();
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly send: Sender,
    private readonly events: { stored: (message: MessageView) => void; changed: () => void },
  ) {}

  /** Queues a message and tries to send it now. */
  add(transactionId: string, body: string, clientMessageId: string = crypto.randomUUID()): PendingMessage {
    const item: PendingMessage = { clientMessageId, transactionId, body, createdAt: new Date().toISOString(), state: 'sending' };
    this.pending.set(clientMessageId, item);
    this.events.changed();
    void this.attempt(item);
    return item;
  }

  /** Messages not yet stored, oldest first. */
  list(transactionId?: string): PendingMessage[] {
    return [...this.pending.values()].filter((m) => !transactionId || m.transactionId === transactionId);
  }

  /** Resends everything unacked (after a reconnect, or on a timer). */
  flush(): void {
    for (const item of this.pending.values()) if (item.state === 'sending') void this.attempt(item);
  }

  /** Forget a refused message (the user dismissed it). */
  discard(clientMessageId: string): void {
    if (this.pending.delete(clientMessageId)) this.events.changed();
  }

  private async attempt(item: PendingMessage): Promise<void> {
    if (this.inFlight.has(item.clientMessageId)) return;
    this.inFlight.add(item.clientMessageId);
    try {
      const ack = await this.send({ transactionId: item.transactionId, clientMessageId: item.clientMessageId, body: item.body });
      if (ack.ok) {
        this.pending.delete(item.clientMessageId);
        this.events.stored(ack.message);
      } else {
        item.state = 'refused';
        item.error = ack.message;
      }
      this.events.changed();
    } catch {
      // no acknowledgement (timeout or disconnect): stays pending, resent by flush()
    } finally {
      this.inFlight.delete(item.clientMessageId);
    }
  }
}

/** Adds messages to a list kept in order, each once (by id), whatever order and how often they arrive. */
export function mergeMessages(list: MessageView[], incoming: MessageView[]): MessageView[] {
  if (!incoming.length) return list;
  const byId = new Map(list.map((m) => [m.id, m]));
  let changed = false;
  for (const m of incoming) {
    if (!byId.has(m.id)) {
      byId.set(m.id, m);
      changed = true;
    }
  }
  if (!changed) return list;
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
