import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AccessService } from './access.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { Db } from '../../common/database/db.service.js';
import { NotFoundError, ValidationError } from '../../common/errors/domain-error.js';
import { validateInput } from '../../common/errors/validation.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { CreateInboxDto, SetInboxAgentsDto, UpdateInboxDto } from './dto/inbox.dto.js';
import { InboxAgent } from './entities/inbox-agent.entity.js';
import { Inbox, type PreChatRule } from './entities/inbox.entity.js';
import type { InboxFacts } from './inbox-directory.service.js';

/** Origins as stored: one space between them, none at the ends; empty means any. */
export const normalizeOrigins = (value: string | null | undefined) => (value ?? '').trim().split(/\s+/).filter(Boolean).map((o) => o.replace(/\/$/, '').toLowerCase()).join(' ') || null;
import './inbox.events.js';

/** An inbox as the API shows it: its facts, the sites that may embed its widget, its agents. */
export interface InboxView extends InboxFacts {
  allowedOrigins: string | null;
  agentIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type { PreChatRule };

/** Ids look like UUIDs; anything else is not an inbox (and never reaches a query, HTML or a header). */
export const ID_SHAPE = /^[A-Za-z0-9-]{1,36}$/;

export interface WidgetFacts {
  id: string;
  organizationId: string;
  name: string;
  preChat: { name: PreChatRule; email: PreChatRule; phone: PreChatRule };
  allowedOrigins: string | null;
  agentsOnline: boolean;
}

@Injectable()
export class InboxService {
  constructor(
    @InjectRepository(Inbox) private readonly inboxes: Repository<Inbox>,
    @InjectRepository(InboxAgent) private readonly agents: Repository<InboxAgent>,
    private readonly users: UserDirectoryService,
    private readonly access: AccessService,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  private async views(inboxes: Inbox[]): Promise<InboxView[]> {
    if (!inboxes.length) return [];
    const rows = await this.agents.find({ where: { inboxId: In(inboxes.map((i) => i.id)) }, order: { createdAt: 'ASC' } });
    return inboxes.map((i) => ({ ...i, agentIds: rows.filter((r) => r.inboxId === i.id).map((r) => r.userId) }));
  }

  /** The inboxes whose chats the caller may work. */
  async list(caller: Principal): Promise<InboxView[]> {
    const scope = await this.access.inboxScope(caller);
    const qb = this.inboxes.createQueryBuilder('i').orderBy('i.createdAt', 'ASC').addOrderBy('i.id', 'ASC');
    this.access.restrictToScope(qb, scope, 'i.id', 'i.organizationId');
    return this.views(await qb.getMany());
  }

  /** Owners/admins may read any inbox of their organization (to configure it); others only visible ones. */
  async get(caller: Principal, id: string): Promise<InboxView> {
    const inbox = caller.kind === 'user' && (caller.role === 'owner' || caller.role === 'admin')
      ? await this.findInOrganization(caller.organizationId, id)
      : await this.access.visibleInbox(caller, id);
    return (await this.views([inbox]))[0];
  }

  /**
   * The public facts of one inbox, for the visitor widget (no caller: anyone
   * who knows the id may read them): its name and widget settings, and whether
   * one of its agents is online now.
   */
  async widgetFacts(id: string): Promise<WidgetFacts> {
    const inbox = ID_SHAPE.test(id) ? await this.inboxes.findOneBy({ id }) : null;
    if (!inbox) throw new NotFoundError('Inbox', 'inbox_not_found');
    const members = await this.agents.find({ where: { inboxId: inbox.id }, select: ['userId'] });
    const online = await this.users.anyOnline(members.map((m) => m.userId));
    return {
      id: inbox.id, organizationId: inbox.organizationId, name: inbox.name,
      preChat: { name: inbox.preChatName, email: inbox.preChatEmail, phone: inbox.preChatPhone },
      allowedOrigins: inbox.allowedOrigins, agentsOnline: online,
    };
  }

  /** The oldest inbox of the server (the demo inbox "Website" on a fresh install), for /demo. */
  async oldestInboxId(): Promise<string | null> {
    const first = await this.inboxes.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: 1, select: ['id'] });
    return first[0]?.id ?? null;
  }

  async findInOrganization(organizationId: string, id: string): Promise<Inbox> {
    const inbox = await this.inboxes.findOneBy({ id, organizationId });
    if (!inbox) throw new NotFoundError('Inbox', 'inbox_not_found');
    return inbox;
  }

  async create(caller: Principal, input: CreateInboxDto | Record<string, unknown>): Promise<InboxView> {
    this.access.requireAdmin(caller);
    const dto = await validateInput(CreateInboxDto, input);
    const now = this.clock.now();
    const inbox = this.inboxes.create({ id: newId(), organizationId: caller.organizationId, name: dto.name.trim(), autoAssign: dto.autoAssign ?? true,
      preChatName: dto.preChatName ?? 'optional', preChatEmail: dto.preChatEmail ?? 'optional', preChatPhone: dto.preChatPhone ?? 'optional',
      allowedOrigins: normalizeOrigins(dto.allowedOrigins), createdAt: now, updatedAt: now });
    await this.inboxes.insert(inbox);
    return (await this.views([inbox]))[0];
  }

  /** A new inbox worked by one agent (the demo's "Website" inbox at bootstrap), in one transaction; no events (nobody listens yet). */
  async createStaffed(organizationId: string, name: string, agentId: string): Promise<{ id: string }> {
    const now = this.clock.now();
    const inbox = { id: newId(), organizationId, name, autoAssign: true, createdAt: now, updatedAt: now };
    await this.db.transaction(async (em) => {
      await em.getRepository(Inbox).insert(inbox);
      await em.getRepository(InboxAgent).insert({ inboxId: inbox.id, userId: agentId, createdAt: now });
    });
    return { id: inbox.id };
  }

  async update(caller: Principal, id: string, input: UpdateInboxDto | Record<string, unknown>): Promise<InboxView> {
    this.access.requireAdmin(caller);
    const dto = await validateInput(UpdateInboxDto, input);
    const inbox = await this.findInOrganization(caller.organizationId, id);
    await this.inboxes.update({ id: inbox.id }, {
      ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
      ...(dto.autoAssign !== undefined ? { autoAssign: dto.autoAssign } : {}),
      ...(dto.preChatName !== undefined ? { preChatName: dto.preChatName } : {}),
      ...(dto.preChatEmail !== undefined ? { preChatEmail: dto.preChatEmail } : {}),
      ...(dto.preChatPhone !== undefined ? { preChatPhone: dto.preChatPhone } : {}),
      ...(dto.allowedOrigins !== undefined ? { allowedOrigins: normalizeOrigins(dto.allowedOrigins) } : {}),
      updatedAt: this.clock.now(),
    });
    return this.get(caller, id);
  }

  /** Replaces the inbox's agents; every id must be a user of the same organization. */
  async setAgents(caller: Principal, id: string, input: SetInboxAgentsDto | Record<string, unknown>): Promise<InboxView> {
    this.access.requireAdmin(caller);
    const dto = await validateInput(SetInboxAgentsDto, input);
    const inbox = await this.findInOrganization(caller.organizationId, id);
    const wanted = [...new Set(dto.userIds)];
    if (wanted.length) {
      const found = await this.users.members(caller.organizationId, wanted);
      const unknown = wanted.filter((u) => !found.some((f) => f.id === u));
      if (unknown.length) throw new ValidationError(`Unknown users: ${unknown.join(', ')}`, unknown, 'unknown_users');
    }
    const { added, removed } = await this.db.transaction(async (em) => {
      const repo = em.getRepository(InboxAgent);
      const current = (await repo.find({ where: { inboxId: inbox.id } })).map((r) => r.userId);
      const added = wanted.filter((u) => !current.includes(u));
      const removed = current.filter((u) => !wanted.includes(u));
      if (removed.length) await repo.delete({ inboxId: inbox.id, userId: In(removed) });
      const now = this.clock.now();
      if (added.length) await repo.insert(added.map((userId) => ({ inboxId: inbox.id, userId, createdAt: now })));
      return { added, removed };
    });
    if (added.length || removed.length) {
      this.events.emit('inbox.agents.changed', { inboxId: inbox.id, organizationId: inbox.organizationId, added, removed });
    }
    return this.get(caller, id);
  }
}
