import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../common/database/errors.js';
import { insertStatement, run } from '../../common/database/rows.js';
import { Clock } from '../../common/clock/clock.js';
import { Db, type FusedTransaction } from '../../common/database/db.service.js';
import { newId } from '../../common/ids/ids.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { ChatError } from '../chat/chat.errors.js';
import { ChatViews } from '../chat/chat.views.js';
import { TransactionStore } from '../chat/transaction-store.js';
import { CLOSED_STATUSES, deadlinePushed, type MessageTxnRow } from '../chat/transaction.types.js';
import { Message } from './entities/message.entity.js';
import type { MessageRow, SenderType } from './message.types.js';

export interface NewMessage {
  senderType: SenderType;
  senderId: string | null;
  body: string;
  clientMessageId?: string | null;
}

/** Called inside the message's database transaction, after it is stored (attachments hook in here). */
export type AfterStore = (em: EntityManager, message: MessageRow) => Promise<void>;

export interface AppendOptions {
  afterStore?: AfterStore;
  /** Runs on the locked TXN row (its columns the message path reads) before anything is written; throws to refuse. */
  guard?: (txn: MessageTxnRow) => void;
}

/** What one `write` gives back: the stored row (or the one stored before, for a resend) and the TXN after the write. */
export interface Stored {
  row: MessageRow;
  txn: MessageTxnRow;
  duplicate: boolean;
  /** Names of the agents who sent messages in the batch, looked up once for the whole batch. */
  names: Map<string, string>;
}

interface Pending {
  transactionId: string;
  input: NewMessage;
  options: AppendOptions;
  resolve: (stored: Stored) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; stored: Stored } | { ok: false; error: unknown };

/** Most messages in one database transaction. */
const MAX_ROWS = 200;

/**
 * Group commit for messages: the messages that arrive while earlier ones are
 * being written are stored together, in one database transaction (their TXN
 * rows locked in id order, one multi-row INSERT, one UPDATE of the TXNs,
 * COMMIT), and each is answered only after that COMMIT.
 *
 * Every guarantee of a single write holds per message: the TXN row lock hands
 * out sequence numbers (so two instances interleave correctly), a TXN's
 * messages are numbered in arrival order, a known `clientMessageId` returns
 * the stored message (also twice in one batch), an ended TXN refuses, `guard`
 * sees the locked row, the inactivity deadline moves. A TXN being written by
 * a batch in flight is left for the next batch, so batches never reorder it.
 * If a batch fails as a whole (a deadlock, a failing `afterStore` hook), each
 * of its messages is written again alone, so one bad message fails only itself.
 */
@Injectable()
export class MessageWriter {
  private queue: Pending[] = [];
  private inflight = 0;
  private pending = false;
  private readonly busy = new Set<string>();
  private readonly maxInflight: number;
  /** Batches and rows written, for the benchmark's notes and the tests. */
  readonly stats = { batches: 0, rows: 0, maxRows: 0 };

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly views: ChatViews,
    private readonly store: TransactionStore,
    private readonly settings: OrganizationSettingsService,
  ) {
    // SQLite has one connection: a second batch would only wait for the first
    this.maxInflight = db.isSqlite ? 1 : 2;
  }

  write(transactionId: string, input: NewMessage, options: AppendOptions = {}): Promise<Stored> {
    return new Promise<Stored>((resolve, reject) => {
      this.queue.push({ transactionId, input, options, resolve, reject });
      // after the I/O phase: the messages read from the sockets in the same turn go together
      if (!this.pending) {
        this.pending = true;
        setImmediate(() => {
          this.pending = false;
          this.schedule();
        });
      }
    });
  }

  private schedule() {
    if (!this.queue.length || this.inflight >= this.maxInflight) return;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const item of this.queue) {
      if (batch.length < MAX_ROWS && !this.busy.has(item.transactionId)) batch.push(item);
      else rest.push(item);
    }
    if (!batch.length) return; // everything waits for a batch in flight; its end schedules again
    this.queue = rest;
    const ids = new Set(batch.map((item) => item.transactionId));
    for (const id of ids) this.busy.add(id);
    this.inflight++;
    this.stats.batches++;
    this.stats.rows += batch.length;
    this.stats.maxRows = Math.max(this.stats.maxRows, batch.length);
    void this.run(batch).finally(() => {
      for (const id of ids) this.busy.delete(id);
      this.inflight--;
      this.schedule();
    });
    this.schedule();
  }

  private async run(batch: Pending[]) {
    let outcomes: Outcome[];
    try {
      outcomes = await this.writeBatch(batch);
    } catch (err) {
      if (batch.length === 1) {
        batch[0].reject(err);
        return;
      }
      // one message (or a deadlock) spoiled the batch: each on its own, in arrival order
      outcomes = [];
      for (const item of batch) {
        try {
          outcomes.push(...(await this.writeBatch([item])));
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    }
    // the names of the agents who wrote in this batch (a visitor's message names nobody), looked up once
    const agents = outcomes.flatMap((o) => (o.ok && o.stored.row.senderType === 'agent' && o.stored.row.senderId ? [o.stored.row.senderId] : []));
    const names = agents.length ? await this.views.names(agents).catch(() => new Map<string, string>()) : new Map<string, string>();
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve({ ...outcome.stored, names });
      else item.reject(outcome.error);
    });
  }

  /**
   * One database transaction for the batch; refusals are per message, anything thrown undoes the batch.
   * Two round trips on MySQL (`Db.fusedTransaction`): START TRANSACTION with the lock of the TXN rows,
   * then the INSERT and the UPDATE of the TXNs with COMMIT. A resend is rare, so its stored twin is not
   * looked for up front: the unique index on (TXN, sender type, client id) refuses the INSERT (the UPDATE
   * and COMMIT after it do not run), and only then are the stored ones read and the batch planned again.
   */
  private writeBatch(batch: Pending[]): Promise<Outcome[]> {
    const ids = [...new Set(batch.map((item) => item.transactionId))].sort();
    return this.db.fusedTransaction(this.store.lockForMessages(this.db.manager, ids), async (tx, locked) => {
      const { em } = tx;
      // the inactivity timeouts of the organizations whose TXNs get a deadline (cached, invalidated on
      // change; a miss is read on this transaction's connection, never a second one)
      const orgs = new Map<string, InactivityTimeouts>();
      if (batch.some((item) => item.input.senderType !== 'system')) {
        for (const t of locked) if ((t.status === 'waiting' || t.status === 'assigned') && !orgs.has(t.organizationId)) orgs.set(t.organizationId, await this.settings.get(t.organizationId, em));
      }

      let plan = this.plan(batch, locked, orgs, new Map());
      // a resend into an ended TXN answers with the stored message, if there is one
      if (plan.endedResend) plan = this.plan(batch, locked, orgs, await this.storedTwins(em, batch));
      if (!plan.fresh.length) return plan.outcomes;
      try {
        await this.save(tx, plan);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const known = await this.storedTwins(em, batch);
        if (!known.size) throw err;
        plan = this.plan(batch, locked, orgs, known);
        if (!plan.fresh.length) return plan.outcomes;
        await this.save(tx, plan);
      }
      return plan.outcomes;
    });
  }

  /** The planned rows and the TXNs' counters, with COMMIT; attachments (`afterStore`) hook in after the INSERT, so it goes alone then. */
  private async save(tx: FusedTransaction, plan: Plan) {
    const insert = insertStatement(tx.em, Message, plan.fresh);
    const counters = this.store.recordMessages(tx.em, plan.changed, plan.added, plan.checkMoved);
    if (!plan.hooks.length) return tx.commit([insert, counters]);
    await run(tx.em, insert);
    for (const { item, row } of plan.hooks) await item.options.afterStore!(tx.em, row);
    await tx.commit([counters]);
  }

  /** What the batch writes, in arrival order, on copies of the locked rows; `known`: stored messages by `twinKey`. */
  private plan(batch: Pending[], locked: MessageTxnRow[], orgs: Map<string, InactivityTimeouts>, known: Map<string, MessageRow>): Plan {
    const txns = new Map(locked.map((t) => [t.id, { ...t }]));
    const now = this.clock.now();
    const outcomes: Outcome[] = [];
    const fresh: MessageRow[] = [];
    const hooks: Array<{ item: Pending; row: MessageRow }> = [];
    const changed = new Set<MessageTxnRow>();
    const added = new Map<string, number>();
    let endedResend = false;
    let checkMoved = false;
    for (const item of batch) {
      const txn = txns.get(item.transactionId);
      const { input } = item;
      try {
        if (!txn) throw new ChatError('transaction_not_found', 'Transaction not found');
        item.options.guard?.(txn);
        const k = input.clientMessageId ? twinKey(txn.id, input.senderType, input.clientMessageId) : null;
        const earlier = k ? known.get(k) : undefined;
        if (earlier) {
          outcomes.push({ ok: true, stored: { row: earlier, txn: { ...txn }, duplicate: true, names: new Map() } });
          continue;
        }
        if (CLOSED_STATUSES.includes(txn.status)) {
          if (k) endedResend = true;
          throw new ChatError('transaction_ended', 'This chat has ended; start a new one');
        }
        const row: MessageRow = {
          id: newId(), transactionId: txn.id, seq: txn.messageSeq + 1, senderType: input.senderType, senderId: input.senderId,
          body: input.body, clientMessageId: input.clientMessageId ?? null, createdAt: now,
        };
        txn.messageSeq = row.seq;
        txn.updatedAt = now;
        if (input.senderType !== 'system') {
          txn.lastActivityAt = now;
          const org = orgs.get(txn.organizationId);
          if (org && (txn.status === 'waiting' || txn.status === 'assigned')) {
            const seconds = txn.status === 'waiting' ? org.waitingInactivitySeconds : org.assignedInactivitySeconds;
            if (deadlinePushed(txn, new Date(now.getTime() + seconds * 1000))) checkMoved = true;
          }
        }
        changed.add(txn);
        added.set(txn.id, (added.get(txn.id) ?? 0) + 1);
        // the same client id twice in one batch: the second is the first one's resend
        if (k) known.set(k, row);
        fresh.push(row);
        if (item.options.afterStore) hooks.push({ item, row });
        outcomes.push({ ok: true, stored: { row, txn: { ...txn }, duplicate: false, names: new Map() } });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return { outcomes, fresh, hooks, changed: [...changed], added, checkMoved, endedResend };
  }

  /** The stored messages with the client ids of this batch (each by TXN, sender type and client id: the unique index). */
  private async storedTwins(em: EntityManager, batch: Pending[]): Promise<Map<string, MessageRow>> {
    const wanted = batch.filter((item) => item.input.clientMessageId);
    if (!wanted.length) return new Map();
    const rows = await em.getRepository(Message).find({
      where: wanted.map(({ transactionId, input }) => ({ transactionId, senderType: input.senderType, clientMessageId: input.clientMessageId! })),
    });
    return new Map(rows.map((m) => [twinKey(m.transactionId, m.senderType, m.clientMessageId!), m]));
  }
}

interface Plan {
  outcomes: Outcome[];
  fresh: MessageRow[];
  hooks: Array<{ item: Pending; row: MessageRow }>;
  changed: MessageTxnRow[];
  /** How many messages each changed TXN gets (its sequence grows by that much). */
  added: Map<string, number>;
  /** A message moved a TXN's inactivity check time too (`deadlinePushed`): the UPDATE writes that column. */
  checkMoved: boolean;
  endedResend: boolean;
}

interface InactivityTimeouts {
  waitingInactivitySeconds: number;
  assignedInactivitySeconds: number;
}

const twinKey = (transactionId: string, senderType: string, clientMessageId: string) => `${transactionId}\n${senderType}\n${clientMessageId}`;
