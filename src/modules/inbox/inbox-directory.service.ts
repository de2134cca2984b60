import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, Repository, type EntityManager } from 'typeorm';
import { InboxAgent } from './entities/inbox-agent.entity.js';
import { Inbox, type PreChatRule } from './entities/inbox.entity.js';

/** What other modules read of an inbox. */
export interface InboxFacts {
  id: string;
  organizationId: string;
  name: string;
  autoAssign: boolean;
  preChatName: PreChatRule;
  preChatEmail: PreChatRule;
  preChatPhone: PreChatRule;
}

const FACTS: (keyof Inbox)[] = ['id', 'organizationId', 'name', 'autoAssign', 'preChatName', 'preChatEmail', 'preChatPhone'];

/**
 * The narrow read side of the inbox module for the rest of the house: an
 * inbox's facts and names, and who its agents are (the memberships). Global
 * with the access rule (`AccessModule`).
 */
@Injectable()
export class InboxDirectoryService {
  constructor(
    @InjectRepository(Inbox) private readonly inboxes: Repository<Inbox>,
    @InjectRepository(InboxAgent) private readonly inboxAgents: Repository<InboxAgent>,
  ) {}

  /** One inbox, optionally only within an organization; null when there is none. */
  find(id: string, organizationId?: string): Promise<InboxFacts | null> {
    return this.inboxes.findOne({ where: organizationId ? { id, organizationId } : { id }, select: FACTS });
  }

  /** Which of these inboxes route their chats automatically (`autoAssign`). */
  async autoAssigned(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    return (await this.inboxes.find({ where: { id: In(unique), autoAssign: true }, select: ['id'] })).map((i) => i.id);
  }

  /** Display names by id, in one query (unknown ids are left out). */
  async namesById(ids: Array<string | null | undefined>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    if (!unique.length) return new Map();
    const rows = await this.inboxes.find({ where: { id: In(unique) }, select: ['id', 'name'] });
    return new Map(rows.map((i) => [i.id, i.name]));
  }

  /** The organization's inboxes but one, by name. */
  others(organizationId: string, exceptId: string): Promise<InboxFacts[]> {
    return this.inboxes.find({ where: { organizationId, id: Not(exceptId) }, select: FACTS, order: { name: 'ASC', id: 'ASC' } });
  }

  /** Ids of the agents of an inbox. */
  async agentIds(inboxId: string): Promise<string[]> {
    return (await this.inboxAgents.find({ where: { inboxId }, select: ['userId'] })).map((a) => a.userId);
  }

  /** (inbox, agent) pairs of these inboxes. */
  async memberships(inboxIds: string[]): Promise<Array<{ inboxId: string; userId: string }>> {
    const unique = [...new Set(inboxIds)];
    if (!unique.length) return [];
    return this.inboxAgents.find({ where: { inboxId: In(unique) }, select: ['inboxId', 'userId'] });
  }

  /** Which of these users are agents of the inbox; `em` to read inside the caller's transaction. */
  async agentsAmong(inboxId: string, userIds: string[], em?: EntityManager): Promise<string[]> {
    if (!userIds.length) return [];
    const repo = em ? em.getRepository(InboxAgent) : this.inboxAgents;
    return (await repo.find({ where: { inboxId, userId: In(userIds) }, select: ['userId'] })).map((a) => a.userId);
  }

  /** Ids of the inboxes a user is an agent of. */
  async inboxIdsOf(userId: string): Promise<string[]> {
    return (await this.inboxAgents.find({ where: { userId }, select: ['inboxId'] })).map((a) => a.inboxId);
  }

  /** Ids of an organization's inboxes that have at least one agent. */
  async staffedInboxIds(organizationId: string): Promise<string[]> {
    const rows = await this.inboxAgents
      .createQueryBuilder('ia')
      .innerJoin(Inbox, 'i', 'i.id = ia.inboxId')
      .select('DISTINCT ia.inboxId', 'inboxId')
      .where('i.organizationId = :organizationId', { organizationId })
      .getRawMany<{ inboxId: string }>();
    return rows.map((r) => r.inboxId);
  }
}
