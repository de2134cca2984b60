import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import { isAdminRole, requireUser, type Principal, type UserPrincipal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { isUniqueViolation } from '../../common/database/errors.js';
import { validateInput } from '../../common/errors/validation.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { toPage, type Page } from '../../common/pagination/pagination.js';
import { MessageService } from '../message/message.service.js';
import type { TransactionRow } from '../chat/transaction.types.js';
import { CustomerDirectoryService } from '../customer/customer-directory.service.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { CannedResponseError } from './canned-response.errors.js';
import { CannedResponseQuery, CreateCannedResponseDto, UpdateCannedResponseDto } from './dto/canned-response.dto.js';
import { CANNED_SCOPES, CannedResponse, ORGANIZATION_SCOPE_KEY, type CannedScope } from './entities/canned-response.entity.js';
import { fillPlaceholders } from './placeholders.js';
import './canned-response.events.js';
import type { CannedResponseView } from './canned-response.views.js';

export type { CannedResponseView };

/** A message whose whole text, trimmed, is `/<shortcut>`. */
const TYPED_SHORTCUT = /^\/([A-Za-z0-9_-]{1,50})$/;

const view = (r: CannedResponse): CannedResponseView => ({
  id: r.id,
  shortcut: r.shortcut,
  content: r.content,
  scope: r.scope,
  ownerId: r.ownerId,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/**
 * Canned responses: organization-wide ones managed by owners/admins, personal
 * ones seen only by their owner. A personal shortcut hides the organization one
 * of the same name for its owner, in lists and in expansion.
 */
@Injectable()
export class CannedResponseService implements OnModuleInit {
  constructor(
    @InjectRepository(CannedResponse) private readonly responses: Repository<CannedResponse>,
    private readonly customers: CustomerDirectoryService,
    private readonly inboxes: InboxDirectoryService,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly messages: MessageService,
  ) {}

  onModuleInit() {
    this.messages.addAgentMessageTransform((caller, txn, body) => this.expand(caller, txn, body));
  }

  /**
   * What the caller may use (personal first, then organization, each by
   * shortcut; hidden organization ones left out), or one scope in full.
   * The cursor is `<scope>:<shortcut>` of the last item.
   */
  async list(caller: Principal, input: CannedResponseQuery | Record<string, unknown>): Promise<Page<CannedResponseView>> {
    const me = requireUser(caller);
    const query = await validateInput(CannedResponseQuery, input);
    const limit = query.limit ?? 50;
    const qb = this.responses.createQueryBuilder('c').where('c.organizationId = :org', { org: me.organizationId });
    if (query.scope === 'organization') qb.andWhere('c.scopeKey = :orgKey', { orgKey: ORGANIZATION_SCOPE_KEY });
    else if (query.scope === 'personal') qb.andWhere('c.scopeKey = :me', { me: me.userId });
    else {
      qb.andWhere('c.scopeKey IN (:...keys)', { keys: [me.userId, ORGANIZATION_SCOPE_KEY] });
      const shadow = qb
        .subQuery()
        .select('1')
        .from(CannedResponse, 'p')
        .where('p.organizationId = c.organizationId AND p.scopeKey = :me AND p.shortcutKey = c.shortcutKey')
        .getQuery();
      qb.andWhere(`(c.scopeKey = :me OR NOT EXISTS ${shadow})`, { me: me.userId });
    }
    if (query.prefix) qb.andWhere("c.shortcutKey LIKE :prefix ESCAPE '!'", { prefix: `${query.prefix.toLowerCase().replace(/[!%_]/g, '!$&')}%` });
    if (query.cursor) {
      const [scope, key] = this.parseCursor(query.cursor);
      // 'personal' > 'organization': scope DESC puts personal first
      qb.andWhere(new Brackets((b) => b.where('c.scope < :cs', { cs: scope }).orWhere('c.scope = :cs AND c.shortcutKey > :ck', { cs: scope, ck: key })));
    }
    const rows = await qb.orderBy('c.scope', 'DESC').addOrderBy('c.shortcutKey', 'ASC').take(limit + 1).getMany();
    return toPage(rows, limit, (r) => `${r.scope}:${r.shortcutKey}`, view);
  }

  async get(caller: Principal, id: string): Promise<CannedResponseView> {
    return view(await this.visible(requireUser(caller), id));
  }

  async create(caller: Principal, input: CreateCannedResponseDto | Record<string, unknown>): Promise<CannedResponseView> {
    const me = requireUser(caller);
    const dto = await validateInput(CreateCannedResponseDto, input);
    const scope = dto.scope ?? 'personal';
    if (scope === 'organization') this.access.requireAdmin(me);
    const now = this.clock.now();
    const row = this.responses.create({
      id: newId(), organizationId: me.organizationId, ownerId: scope === 'personal' ? me.userId : null, scope,
      scopeKey: scope === 'personal' ? me.userId : ORGANIZATION_SCOPE_KEY, shortcut: dto.shortcut, shortcutKey: dto.shortcut.toLowerCase(),
      content: dto.content, createdAt: now, updatedAt: now,
    });
    await this.write(dto.shortcut, () => this.responses.insert(row));
    const created = view(row);
    this.events.emit('canned_response.changed', { organizationId: row.organizationId, ownerId: row.ownerId, action: 'created', response: created });
    return created;
  }

  async update(caller: Principal, id: string, input: UpdateCannedResponseDto | Record<string, unknown>): Promise<CannedResponseView> {
    const me = requireUser(caller);
    const dto = await validateInput(UpdateCannedResponseDto, input);
    const current = await this.editable(me, id);
    const changes: Partial<CannedResponse> = { updatedAt: this.clock.now() };
    if (dto.shortcut !== undefined) Object.assign(changes, { shortcut: dto.shortcut, shortcutKey: dto.shortcut.toLowerCase() });
    if (dto.content !== undefined) changes.content = dto.content;
    const result = await this.write(dto.shortcut ?? current.shortcut, () =>
      this.responses.update({ id, organizationId: me.organizationId, scopeKey: current.scopeKey }, changes),
    );
    if (!result.affected) throw this.notFound();
    const updated = view({ ...current, ...changes } as CannedResponse);
    this.events.emit('canned_response.changed', { organizationId: current.organizationId, ownerId: current.ownerId, action: 'updated', response: updated });
    return updated;
  }

  async remove(caller: Principal, id: string): Promise<void> {
    const me = requireUser(caller);
    const current = await this.editable(me, id);
    const result = await this.responses.delete({ id, organizationId: me.organizationId, scopeKey: current.scopeKey });
    if (!result.affected) throw this.notFound();
    this.events.emit('canned_response.changed', { organizationId: current.organizationId, ownerId: current.ownerId, action: 'deleted', response: view(current) });
  }

  /**
   * The agent-message transform: a body whose whole trimmed text is
   * `/<shortcut>` of a response the agent may use becomes that response with its
   * placeholders filled; anything else (an unknown shortcut too) stays as typed.
   */
  async expand(caller: UserPrincipal, txn: TransactionRow, body: string): Promise<string> {
    const typed = TYPED_SHORTCUT.exec(body.trim());
    if (!typed) return body;
    const matches = await this.responses.find({
      where: { organizationId: caller.organizationId, scopeKey: In([caller.userId, ORGANIZATION_SCOPE_KEY]), shortcutKey: typed[1].toLowerCase() },
    });
    const response = matches.find((r) => r.scope === 'personal') ?? matches[0];
    if (!response) return body;
    const [customer, inbox] = await Promise.all([this.customers.contact(txn.customerId), this.inboxes.find(txn.inboxId)]);
    const text = fillPlaceholders(response.content, {
      'customer.name': customer?.name,
      'customer.email': customer?.email,
      'customer.phone': customer?.phone,
      'agent.name': caller.name,
      'inbox.name': inbox?.name,
    });
    if (!text.trim()) throw new CannedResponseError('empty_expansion', `/${response.shortcut} expands to an empty message in this chat`);
    return text;
  }

  /** The response if the caller may see it: organization ones, and their own personal ones; 404 otherwise. */
  private async visible(me: UserPrincipal, id: string): Promise<CannedResponse> {
    const row = await this.responses.findOneBy({ id, organizationId: me.organizationId });
    if (!row || (row.scope === 'personal' && row.ownerId !== me.userId)) throw this.notFound();
    return row;
  }

  /** Personal ones by their owner; organization ones by owners/admins (members see them, so 403). */
  private async editable(me: UserPrincipal, id: string): Promise<CannedResponse> {
    const row = await this.visible(me, id);
    if (row.scope === 'organization' && !isAdminRole(me.role)) this.access.requireAdmin(me);
    return row;
  }

  /** The unique index settles two writers racing for one shortcut. */
  private async write<T>(shortcut: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isUniqueViolation(err)) throw new CannedResponseError('shortcut_taken', `The shortcut /${shortcut} is already taken in this scope`);
      throw err;
    }
  }

  private parseCursor(cursor: string): [CannedScope, string] {
    const at = cursor.indexOf(':');
    const scope = cursor.slice(0, at) as CannedScope;
    const key = cursor.slice(at + 1);
    if (at < 0 || !CANNED_SCOPES.includes(scope) || !/^[a-z0-9_-]{1,50}$/.test(key)) throw new CannedResponseError('invalid_cursor', 'Unknown cursor');
    return [scope, key];
  }

  private notFound() {
    return new CannedResponseError('canned_response_not_found', 'Canned response not found');
  }
}
