import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThanOrEqual, Repository } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import { isAdminRole, type UserPrincipal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { Db } from '../../common/database/db.service.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { Sweeper } from '../../common/scheduling/sweeper.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { ChatViews } from '../chat/chat.views.js';
import type { MessageRow } from '../message/message.types.js';
import { MessageService } from '../message/message.service.js';
import { MessageViews } from '../message/message.views.js';
import { RoutingService } from '../routing/routing.service.js';
import { recordTimeline, SYSTEM, type Actor } from '../chat/timeline.js';
import { TransactionReadService } from '../chat/transaction-read.service.js';
import { TransactionStore } from '../chat/transaction-store.js';
import { CLOSED_STATUSES, type TransactionRow } from '../chat/transaction.types.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { CreateTransferDto } from './dto/transfer.dto.js';
import { TransferRequest, type TransferOutcome } from './entities/transfer-request.entity.js';
import { TransferError } from './transfer.errors.js';
import { TransferViews, type TransferView } from './transfer.views.js';
import '../chat/chat.events.js';
import '../routing/routing.events.js';
import './transfer.events.js';
import { lockTransaction } from '../chat/transaction-lock.js';

/** `GET /transactions/:id/transfer-targets`. */
export interface TransferTargets {
  agents: { id: string; name: string; presence: string; activeChats: number; maxActiveChats: number; freeCapacity: number }[];
  inboxes: { id: string; name: string }[];
}

/** Why a pending transfer was cancelled when its chat ended (stored in `reason`). */
export const CHAT_ENDED = 'chat_ended';

type Answer = 'accepted' | 'rejected' | 'cancelled';

interface Settled {
  applied: boolean;
  transfer: TransferRequest;
  /** What the TXN was before, when this settlement changed it. */
  previous?: { status: string; assigneeId: string | null; inboxId: string };
  note?: MessageRow;
}

const agentActor = (caller: UserPrincipal): Actor => ({ type: 'agent', id: caller.userId });

/**
 * Transfers of a TXN: agent to agent (pending until exactly one of accept,
 * reject, expiry or cancel) and to another inbox (at once).
 *
 * Every write locks the TXN row first and then claims the transfer row with a
 * conditional update on `status = 'pending'`, so one outcome wins whatever
 * races it (two answers, an answer and the sweeper, two instances).
 */
@Injectable()
export class TransferService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly views: TransferViews,
    private readonly chatViews: ChatViews,
    private readonly chatAccess: ChatAccess,
    private readonly access: AccessService,
    private readonly messages: MessageService,
    private readonly messageViews: MessageViews,
    private readonly routing: RoutingService,
    private readonly reads: TransactionReadService,
    private readonly sweeper: Sweeper,
    @InjectRepository(TransferRequest) private readonly transfers: Repository<TransferRequest>,
    private readonly store: TransactionStore,
    private readonly users: UserDirectoryService,
    private readonly inboxes: InboxDirectoryService,
    private readonly settings: OrganizationSettingsService,
  ) {}

  onModuleInit() {
    this.sweeper.register('transfer-expiry', (now) => this.expireDue(now));
    this.reads.addDetailExtension(async (txn) => ({ pendingTransfer: await this.pendingFor(txn.id) }));
  }

  /** `POST /transactions/:id/transfers`: to an agent (`toAgentId`) or to another inbox (`toInboxId`). */
  async request(caller: UserPrincipal, transactionId: string, dto: CreateTransferDto): Promise<TransferView> {
    if (!!dto.toAgentId === !!dto.toInboxId) throw new TransferError('transfer_target_required', 'Give exactly one of toAgentId or toInboxId');
    const txn = await this.chatAccess.visibleTransaction(caller, transactionId);
    this.assertTransferable(caller, txn);
    return dto.toAgentId ? this.toAgent(caller, txn, dto.toAgentId) : this.toInbox(caller, txn, dto.toInboxId!);
  }

  async accept(caller: UserPrincipal, transferId: string): Promise<TransferView> {
    return this.answer(caller, transferId, 'accepted', null);
  }

  async reject(caller: UserPrincipal, transferId: string, reason?: string): Promise<TransferView> {
    return this.answer(caller, transferId, 'rejected', reason || null);
  }

  async cancel(caller: UserPrincipal, transferId: string, reason?: string): Promise<TransferView> {
    return this.answer(caller, transferId, 'cancelled', reason || null);
  }

  /**
   * `GET /transactions/:id/transfer-targets`: who the chat could go to. Agents
   * who may see its inbox (but not its assignee), with their presence and free
   * capacity, most free first; and the organization's other inboxes.
   */
  async targets(caller: UserPrincipal, transactionId: string): Promise<TransferTargets> {
    const txn = await this.chatAccess.visibleTransaction(caller, transactionId);
    const ids = (await this.access.usersWhoMaySeeInbox(txn.inboxId)).filter((id) => id !== txn.assigneeId);
    const [org, users, inboxes] = await Promise.all([
      this.settings.get(txn.organizationId),
      this.users.members(txn.organizationId, ids),
      this.inboxes.others(txn.organizationId, txn.inboxId),
    ]);
    const active = await this.store.activeCounts(users.map((u) => u.id));
    const rank = { online: 0, away: 1, offline: 2 } as Record<string, number>;
    const agents = users
      .map((u) => {
        const max = u.maxActiveChats ?? org.maxActiveChatsPerAgent;
        const activeChats = active.get(u.id) ?? 0;
        return { id: u.id, name: u.name, presence: u.presence, activeChats, maxActiveChats: max, freeCapacity: Math.max(0, max - activeChats) };
      })
      .sort((a, b) => (rank[a.presence] ?? 3) - (rank[b.presence] ?? 3) || b.freeCapacity - a.freeCapacity || a.name.localeCompare(b.name));
    return { agents, inboxes: inboxes.map((i) => ({ id: i.id, name: i.name })) };
  }

  /** One transfer, for anyone who may see its chat. */
  async get(caller: UserPrincipal, transferId: string): Promise<TransferView> {
    return this.views.transfer(await this.visibleTransfer(caller, transferId));
  }

  /** Sweeper task: pending requests past their deadline expire, once, whichever instance sweeps. */
  async expireDue(now: Date): Promise<void> {
    const due = await this.transfers.find({ where: { status: 'pending', expiresAt: LessThanOrEqual(now) }, order: { expiresAt: 'ASC' }, take: 200 });
    for (const row of due) await this.settleAndAnnounce(row.id, 'expired', SYSTEM, null);
  }

  /** The chat ended (agent completed it, the visitor left, inactivity): its pending transfer is cancelled. */
  async cancelForEndedChat(transactionId: string): Promise<void> {
    const pending = await this.transfers.find({ where: { transactionId, status: 'pending' }, select: ['id'] });
    // settle() sees the closed TXN and records the cancellation with the chat's end as its cause
    for (const row of pending) await this.settleAndAnnounce(row.id, 'cancelled', SYSTEM, CHAT_ENDED);
  }

  async pendingFor(transactionId: string): Promise<TransferView | null> {
    const row = await this.transfers.findOne({ where: { transactionId, status: 'pending' }, order: { id: 'DESC' } });
    return row ? this.views.transfer(row) : null;
  }

  // ---------------------------------------------------------------------------

  /** Only an assigned chat can be transferred, by its assignee or an owner/admin who may see it. */
  private assertTransferable(caller: UserPrincipal, txn: TransactionRow) {
    if (CLOSED_STATUSES.includes(txn.status)) throw new TransferError('transaction_ended', 'This chat has ended');
    if (txn.assigneeId !== caller.userId && !isAdminRole(caller.role)) {
      throw new TransferError('not_assignee', 'Only the agent handling this chat (or an owner/admin) can transfer it');
    }
    if (txn.status === 'transferring') throw new TransferError('transfer_pending', 'A transfer of this chat is already pending');
    if (txn.status !== 'assigned') throw new TransferError('not_transferable', 'Only a chat assigned to an agent can be transferred');
  }

  private async toAgent(caller: UserPrincipal, txn: TransactionRow, toAgentId: string): Promise<TransferView> {
    const target = await this.users.member(txn.organizationId, toAgentId);
    if (!target) throw new TransferError('agent_not_found', 'Agent not found');
    if (target.id === txn.assigneeId) throw new TransferError('same_agent', 'The chat is already with this agent');
    const targetPrincipal: UserPrincipal = { kind: 'user', userId: target.id, organizationId: target.organizationId, role: target.role, name: target.name };
    if (!(await this.access.maySeeInbox(targetPrincipal, { id: txn.inboxId, organizationId: txn.organizationId }))) {
      throw new TransferError('agent_no_inbox_access', 'This agent has no access to the chat’s inbox');
    }
    if (target.presence !== 'online') throw new TransferError('agent_unavailable', 'This agent is not online');
    const org = await this.settings.get(txn.organizationId);

    const created = await this.db.transaction(async (em) => {
      const current = await lockTransaction(this.db, em, txn.id);
      this.assertTransferable(caller, current);
      if (current.assigneeId === target.id) throw new TransferError('same_agent', 'The chat is already with this agent');
      const now = this.clock.now();
      if (!(await this.store.startTransfer(em, txn.id, current.assigneeId!, now))) throw new TransferError('transfer_pending', 'A transfer of this chat is already pending');
      const row = em.getRepository(TransferRequest).create({
        id: newId(), organizationId: txn.organizationId, transactionId: txn.id, fromInboxId: current.inboxId, fromAgentId: current.assigneeId!,
        requestedById: caller.userId, toAgentId: target.id, toInboxId: null, status: 'pending', reason: null,
        expiresAt: new Date(now.getTime() + org.transferTimeoutSeconds * 1000), createdAt: now, answeredAt: null, answeredByType: null, answeredById: null,
      });
      await em.getRepository(TransferRequest).insert(row);
      await recordTimeline(em, txn.id, 'transfer_requested', agentActor(caller), now, {
        transferId: row.id, fromAgentId: row.fromAgentId, toAgentId: target.id, expiresAt: row.expiresAt!.toISOString(),
      });
      return { row, previous: { status: current.status, assigneeId: current.assigneeId, inboxId: current.inboxId } };
    });

    const transfer = await this.views.transfer(created.row);
    const transaction = await this.chatViews.transactionById(txn.id);
    this.events.emit('transaction.updated', { transaction, previous: created.previous });
    this.events.emit('transfer.requested', { transfer, transaction });
    return transfer;
  }

  /**
   * The chat leaves its agent and waits in the target inbox, keeping its place
   * by original start time (`queuedAt` is not touched). Done at once: the
   * transfer is stored as `accepted`.
   */
  private async toInbox(caller: UserPrincipal, txn: TransactionRow, toInboxId: string): Promise<TransferView> {
    const target = await this.inboxes.find(toInboxId, txn.organizationId);
    if (!target) throw new TransferError('inbox_not_found', 'Inbox not found');
    if (target.id === txn.inboxId) throw new TransferError('same_inbox', 'The chat is already in this inbox');
    const org = await this.settings.get(txn.organizationId);

    const moved = await this.db.transaction(async (em) => {
      const current = await lockTransaction(this.db, em, txn.id);
      this.assertTransferable(caller, current);
      const now = this.clock.now();
      const claimed = await this.store.moveToInbox(em, txn.id, current.assigneeId!, {
        inboxId: target.id, inactivityDeadline: new Date(now.getTime() + org.waitingInactivitySeconds * 1000), now,
      });
      if (!claimed) throw new TransferError('not_transferable', 'Only a chat assigned to an agent can be transferred');
      const row = em.getRepository(TransferRequest).create({
        id: newId(), organizationId: txn.organizationId, transactionId: txn.id, fromInboxId: current.inboxId, fromAgentId: current.assigneeId!,
        requestedById: caller.userId, toAgentId: null, toInboxId: target.id, status: 'accepted', reason: null,
        expiresAt: null, createdAt: now, answeredAt: now, answeredByType: 'agent', answeredById: caller.userId,
      });
      await em.getRepository(TransferRequest).insert(row);
      await recordTimeline(em, txn.id, 'transferred_to_inbox', agentActor(caller), now, {
        transferId: row.id, fromAgentId: row.fromAgentId, fromInboxId: current.inboxId, toInboxId: target.id,
      });
      const note = await this.messages.insert(em, current, { senderType: 'system', senderId: null, body: `The chat was transferred to ${target.name}; the next available agent there will answer.` });
      return { row, note, previous: { status: current.status, assigneeId: current.assigneeId, inboxId: current.inboxId } };
    });

    const transfer = await this.views.transfer(moved.row);
    const transaction = await this.chatViews.transactionById(txn.id);
    // previous.inboxId differs: the realtime relay drops the old inbox's followers
    this.events.emit('transaction.updated', { transaction, previous: moved.previous });
    this.events.emit('transaction.created', { transaction });
    this.events.emit('message.created', { message: await this.messageViews.message(moved.note), transaction });
    this.events.emit('transfer.accepted', { transfer, transaction });
    await this.routing.drain([target.id]);
    this.events.emit('queue.changed', { inboxId: target.id });
    await this.routing.drainForAgent(moved.row.fromAgentId);
    return transfer;
  }

  /** The target accepts or rejects; the requester (or an owner/admin) cancels. */
  private async answer(caller: UserPrincipal, transferId: string, answer: Answer, reason: string | null): Promise<TransferView> {
    const row = await this.visibleTransfer(caller, transferId);
    if (answer === 'cancelled') {
      if (caller.userId !== row.fromAgentId && caller.userId !== row.requestedById && !isAdminRole(caller.role)) {
        throw new TransferError('not_transfer_requester', 'Only the agent who asked for this transfer (or an owner/admin) can cancel it');
      }
    } else if (caller.userId !== row.toAgentId) {
      throw new TransferError('not_transfer_target', 'This transfer is not addressed to you');
    }
    const settled = await this.settleAndAnnounce(row.id, answer, agentActor(caller), reason);
    const view = await this.views.transfer(settled.transfer);
    if (settled.applied && settled.transfer.status === answer) return view;
    // the same answer again by the same agent is idempotent
    if (!settled.applied && settled.transfer.status === answer && settled.transfer.answeredById === caller.userId) return view;
    throw new TransferError('transfer_not_pending', `This transfer is no longer pending (${settled.transfer.status})`, { status: settled.transfer.status, transfer: view });
  }

  private async settleAndAnnounce(transferId: string, wanted: TransferOutcome, actor: Actor, reason: string | null): Promise<Settled> {
    const settled = await this.db.transaction((em) => this.settle(em, transferId, wanted, actor, reason));
    if (!settled.applied) return settled;
    const row = settled.transfer;
    const transfer = await this.views.transfer(row);
    const transaction = await this.chatViews.transactionById(row.transactionId);
    if (settled.previous) this.events.emit('transaction.updated', { transaction, previous: settled.previous });
    if (settled.note) this.events.emit('message.created', { message: await this.messageViews.message(settled.note), transaction });
    this.events.emit(`transfer.${row.status as TransferOutcome}`, { transfer, transaction });
    // A's slot is free again once B holds the chat
    if (row.status === 'accepted') await this.routing.drainForAgent(row.fromAgentId);
    return settled;
  }

  /**
   * Settles a pending transfer inside one database transaction: TXN row locked
   * first, then the transfer claimed with `WHERE status = 'pending'`. What it
   * settles to may differ from what was asked: an answer after the deadline
   * settles as `expired`, anything on a chat that has ended as `cancelled`.
   */
  private async settle(em: EntityManager, transferId: string, wanted: TransferOutcome, actor: Actor, reason: string | null): Promise<Settled> {
    const transfers = em.getRepository(TransferRequest);
    const before = await transfers.findOneByOrFail({ id: transferId });
    if (before.status !== 'pending') return { applied: false, transfer: before };
    const txn = await lockTransaction(this.db, em, before.transactionId);
    const fresh = await transfers.findOneByOrFail({ id: transferId });
    if (fresh.status !== 'pending') return { applied: false, transfer: fresh };

    const now = this.clock.now();
    const chatOpen = txn.status === 'transferring' && txn.assigneeId === fresh.fromAgentId;
    const due = !!fresh.expiresAt && fresh.expiresAt.getTime() <= now.getTime();
    let outcome = wanted;
    let by = actor;
    let why = reason;
    if (!chatOpen) {
      // the chat ended (or otherwise left A) while the request was pending: it can only be cancelled
      outcome = 'cancelled';
      why = CLOSED_STATUSES.includes(txn.status) ? CHAT_ENDED : 'chat_moved';
      by = txn.endedByType ? { type: txn.endedByType, id: txn.endedById } : SYSTEM;
    } else if (wanted === 'expired' && !due) {
      return { applied: false, transfer: fresh };
    } else if (due) {
      outcome = 'expired';
      by = SYSTEM;
      why = null;
    }

    const claimed = await transfers.update(
      { id: transferId, status: 'pending' },
      { status: outcome, reason: why, answeredAt: now, answeredByType: by.type, answeredById: by.id ?? null },
    );
    if (!claimed.affected) return { applied: false, transfer: await transfers.findOneByOrFail({ id: transferId }) };
    const settledRow = await transfers.findOneByOrFail({ id: transferId });
    await recordTimeline(em, txn.id, `transfer_${outcome}`, by, now, {
      transferId, fromAgentId: fresh.fromAgentId, toAgentId: fresh.toAgentId, ...(why ? { reason: why } : {}),
    });
    if (!chatOpen) return { applied: true, transfer: settledRow };

    // a cache miss is read on this transaction's connection: never a second pooled one while holding the TXN's lock
    const org = await this.settings.get(txn.organizationId, em);
    const assignedFor = org.assignedInactivitySeconds * 1000;
    await this.store.endTransfer(
      em,
      txn.id,
      outcome === 'accepted'
        ? { toAgentId: fresh.toAgentId, inactivityDeadline: new Date(now.getTime() + assignedFor), now }
        : // back to A; visitor messages during the transfer count, so the clock runs from the last activity
          { inactivityDeadline: new Date(txn.lastActivityAt.getTime() + assignedFor), now },
    );
    const names = await this.users.namesById([fresh.fromAgentId, fresh.toAgentId].filter((id): id is string => !!id), em);
    const note = await this.messages.insert(em, txn, { senderType: 'system', senderId: null, body: noteFor(outcome, names.get(fresh.fromAgentId), names.get(fresh.toAgentId ?? '')) });
    return { applied: true, transfer: settledRow, note, previous: { status: txn.status, assigneeId: txn.assigneeId, inboxId: txn.inboxId } };
  }

  private async visibleTransfer(caller: UserPrincipal, transferId: string): Promise<TransferRequest> {
    const row = await this.transfers.findOneBy({ id: transferId, organizationId: caller.organizationId });
    const notFound = () => new TransferError('transfer_not_found', 'Transfer not found');
    if (!row) throw notFound();
    await this.chatAccess.visibleTransaction(caller, row.transactionId).catch(() => {
      throw notFound();
    });
    return row;
  }

}

/** The system message each outcome writes into the chat. */
function noteFor(outcome: TransferOutcome, from = 'the agent', to = 'the other agent'): string {
  switch (outcome) {
    case 'accepted':
      return `${to} has taken over this chat from ${from}.`;
    case 'rejected':
      return `${to} declined the transfer; ${from} continues with this chat.`;
    case 'expired':
      return `The transfer to ${to} was not answered in time; ${from} continues with this chat.`;
    case 'cancelled':
      return `${from}'s transfer to ${to} was cancelled; ${from} continues with this chat.`;
  }
}
