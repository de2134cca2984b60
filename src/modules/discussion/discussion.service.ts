import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { requireUser, type Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { Db } from '../../common/database/db.service.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { pageLimit, toPage, type Page, type PageQuery } from '../../common/pagination/pagination.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { TransactionReadService, type TimelineEntry } from '../chat/transaction-read.service.js';
import { TransactionStore } from '../chat/transaction-store.js';
import { CLOSED_STATUSES, type TransactionRow } from '../chat/transaction.types.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { DiscussionError } from './discussion.errors.js';
import { DiscussionViews, type DiscussionMessageView } from './discussion.views.js';
import { PostDiscussionDto } from './dto/discussion.dto.js';
import { DiscussionMessage, type DiscussionKind } from './entities/discussion-message.entity.js';
import { DiscussionParticipant } from './entities/discussion-participant.entity.js';
import './discussion.events.js';
import { lockTransaction } from '../chat/transaction-lock.js';

/**
 * The internal discussion of a TXN: agents who may see its inbox read it and,
 * while the TXN is open, post to it and invite agents of the inbox. The system
 * posts about calls and tickets. Nothing here ever reaches a visitor.
 */
@Injectable()
export class DiscussionService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly chatAccess: ChatAccess,
    private readonly views: DiscussionViews,
    private readonly reads: TransactionReadService,
    @InjectRepository(DiscussionMessage) private readonly posts: Repository<DiscussionMessage>,
    @InjectRepository(DiscussionParticipant) private readonly participants: Repository<DiscussionParticipant>,
    private readonly store: TransactionStore,
    private readonly inboxes: InboxDirectoryService,
  ) {}

  onModuleInit() {
    // system posts belong to the TXN's journey (GET /transactions/:id)
    this.reads.addTimelineSource({ entries: (id) => this.systemTimeline(id) });
  }

  /** The discussion, oldest first; readable whatever the TXN's status. */
  async list(caller: Principal, transactionId: string, query: PageQuery): Promise<Page<DiscussionMessageView>> {
    const user = requireUser(caller);
    await this.chatAccess.visibleTransaction(user, transactionId);
    const limit = pageLimit(query);
    const qb = this.posts.createQueryBuilder('d').where('d.transactionId = :transactionId', { transactionId }).orderBy('d.id', 'ASC').take(limit + 1);
    if (query.cursor) qb.andWhere('d.id > :cursor', { cursor: query.cursor });
    const page = toPage(await qb.getMany(), limit, (d) => d.id, (d) => d);
    return { items: await this.views.render(page.items), nextCursor: page.nextCursor };
  }

  /**
   * An agent posts. The TXN row is locked while the post is stored, so a post
   * and the end of the chat cannot both win: after the end it is 409
   * `discussion_closed`. Mentions must be agents of the TXN's inbox.
   */
  async post(caller: Principal, transactionId: string, dto: PostDiscussionDto): Promise<DiscussionMessageView> {
    const user = requireUser(caller);
    await this.chatAccess.visibleTransaction(user, transactionId);
    const mentions = [...new Set(dto.mentions ?? [])];
    const { row, txn } = await this.db.transaction(async (em) => {
      const txn = await lockTransaction(this.db, em, transactionId);
      if (CLOSED_STATUSES.includes(txn.status)) throw new DiscussionError('discussion_closed', 'This chat has ended; its discussion is read-only');
      if (mentions.length) {
        const known = new Set(await this.inboxes.agentsAmong(txn.inboxId, mentions, em));
        const outside = mentions.filter((id) => !known.has(id));
        if (outside.length) throw new DiscussionError('invalid_mention', 'Only agents of this chat\'s inbox can be mentioned', { userIds: outside });
      }
      const now = this.clock.now();
      const row = em.getRepository(DiscussionMessage).create({
        id: newId(), organizationId: txn.organizationId, transactionId, authorType: 'agent', authorId: user.userId,
        kind: 'message', body: dto.body, mentions: mentions.length ? mentions : null, data: null, createdAt: now,
      });
      await em.getRepository(DiscussionMessage).insert(row as never);
      await this.join(em, transactionId, user.userId, 'posted', now);
      for (const id of mentions) await this.join(em, transactionId, id, 'mentioned', now);
      return { row, txn };
    });
    return this.announce(row, txn, mentions.filter((id) => id !== user.userId));
  }

  /**
   * A system post, inside the caller's database transaction; the caller holds
   * the TXN's row lock. Announce it with `announce` once committed.
   */
  async insertSystemPost(em: EntityManager, txn: TransactionRow, kind: Exclude<DiscussionKind, 'message'>, body: string, data: Record<string, unknown>): Promise<DiscussionMessage> {
    const row = em.getRepository(DiscussionMessage).create({
      id: newId(), organizationId: txn.organizationId, transactionId: txn.id, authorType: 'system', authorId: null,
      kind, body, mentions: null, data, createdAt: this.clock.now(),
    });
    await em.getRepository(DiscussionMessage).insert(row as never);
    return row;
  }

  /** Publishes a stored post to the discussion's participants (after commit). */
  async announce(row: DiscussionMessage, txn: TransactionRow, mentionedIds: string[] = []): Promise<DiscussionMessageView> {
    const message = await this.views.one(row);
    const current = (await this.store.find(txn.id)) ?? txn;
    this.events.emit('discussion.message', {
      message,
      transactionId: txn.id,
      inboxId: current.inboxId,
      participantIds: await this.participantIds(current),
      mentionedIds,
    });
    return message;
  }

  /** The chat's assignees (now and every agent who accepted it), everyone who posted, everyone mentioned. */
  async participantIds(txn: TransactionRow): Promise<string[]> {
    const [stored, accepted] = await Promise.all([
      this.participants.find({ where: { transactionId: txn.id }, select: ['userId'] }),
      this.store.acceptedAgentIds(txn.id),
    ]);
    const ids = new Set<string>(stored.map((p) => p.userId));
    accepted.forEach((id) => ids.add(id));
    if (txn.assigneeId) ids.add(txn.assigneeId);
    return [...ids];
  }

  private async systemTimeline(transactionId: string): Promise<TimelineEntry[]> {
    const rows = await this.posts.find({ where: { transactionId, authorType: 'system' }, order: { id: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      type: 'discussion.system',
      actor: { type: 'system', id: null },
      data: { kind: r.kind, body: r.body, ...(r.data ?? {}) },
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  /** Inside a transaction that holds the TXN's lock, so two posts never race on the same row. */
  private async join(em: EntityManager, transactionId: string, userId: string, reason: 'posted' | 'mentioned', now: Date) {
    const repo = em.getRepository(DiscussionParticipant);
    if (await repo.existsBy({ transactionId, userId })) return;
    await repo.insert({ transactionId, userId, reason, createdAt: now });
  }

}
