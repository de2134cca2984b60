import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { InboxAgent } from './entities/inbox-agent.entity.js';
import { Inbox } from './entities/inbox.entity.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { ForbiddenError, NotFoundError } from '../../common/errors/domain-error.js';
import { isAdminRole, type Principal, type UserPrincipal } from '../../common/auth/principal.js';

/** Which inboxes a caller may work: every inbox of the organization, or a list. */
export type InboxScope = { all: true; organizationId: string } | { all: false; organizationId: string; inboxIds: string[] };

/**
 * The one answer to "may this caller see this inbox", used by every path:
 * REST, sockets, files, exports, the admin panel.
 *
 * - another organization's ids: 404, as if they did not exist;
 * - members see the inboxes they are agents of;
 * - owners/admins see every inbox only with the Contact Center license,
 *   otherwise only their own, like members;
 * - API keys act for the whole organization (integrations are configured by admins).
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly settings: OrganizationSettingsService,
    @InjectRepository(Inbox) private readonly inboxes: Repository<Inbox>,
    @InjectRepository(InboxAgent) private readonly inboxAgents: Repository<InboxAgent>,
    private readonly users: UserDirectoryService,
  ) {}

  async inboxScope(caller: Principal): Promise<InboxScope> {
    if (caller.kind === 'apiKey') return { all: true, organizationId: caller.organizationId };
    if (caller.kind !== 'user') return { all: false, organizationId: caller.organizationId, inboxIds: [] };
    if (isAdminRole(caller.role)) {
      const org = await this.settings.get(caller.organizationId);
      if (org?.contactCenterLicense) return { all: true, organizationId: caller.organizationId };
    }
    const rows = await this.inboxAgents.find({ where: { userId: caller.userId }, select: ['inboxId'] });
    return { all: false, organizationId: caller.organizationId, inboxIds: rows.map((r) => r.inboxId) };
  }

  async maySeeInbox(caller: Principal, inbox: { id: string; organizationId: string }): Promise<boolean> {
    if (inbox.organizationId !== caller.organizationId) return false;
    const scope = await this.inboxScope(caller);
    return scope.all || scope.inboxIds.includes(inbox.id);
  }

  /** The inbox if the caller may work it; 404 otherwise (no hint that it exists). */
  async visibleInbox(caller: Principal, inboxId: string): Promise<Inbox> {
    const inbox = await this.inboxes.findOne({ where: { id: inboxId, organizationId: caller.organizationId } });
    if (!inbox || !(await this.maySeeInbox(caller, inbox))) throw new NotFoundError('Inbox', 'inbox_not_found');
    return inbox;
  }

  /** Owners and admins configure the organization, its users and inboxes. */
  requireAdmin(caller: Principal): asserts caller is UserPrincipal {
    if (caller.kind !== 'user' || !isAdminRole(caller.role)) {
      throw new ForbiddenError('Only owners and admins may do this', 'admin_only');
    }
  }

  /** Restricts a query to the inboxes of the scope; `inboxColumn` is e.g. `t.inboxId`. */
  restrictToScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: InboxScope, inboxColumn: string, orgColumn: string) {
    qb.andWhere(`${orgColumn} = :scopeOrg`, { scopeOrg: scope.organizationId });
    if (!scope.all) {
      if (scope.inboxIds.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere(new Brackets((b) => b.where(`${inboxColumn} IN (:...scopeInboxes)`, { scopeInboxes: scope.inboxIds })));
    }
    return qb;
  }

  /** Every user who may see the inbox: its agents, plus owners/admins when the organization is licensed. */
  async usersWhoMaySeeInbox(inboxId: string): Promise<string[]> {
    const inbox = await this.inboxes.findOne({ where: { id: inboxId }, select: ['id', 'organizationId'] });
    if (!inbox) return [];
    const agents = await this.inboxAgents.find({ where: { inboxId }, select: ['userId'] });
    const ids = new Set(agents.map((a) => a.userId));
    const org = await this.settings.get(inbox.organizationId);
    if (org?.contactCenterLicense) {
      (await this.users.adminIds(inbox.organizationId)).forEach((id) => ids.add(id));
    }
    return [...ids];
  }

  async isInboxAgent(userId: string, inboxId: string): Promise<boolean> {
    return (await this.inboxAgents.countBy({ userId, inboxId })) > 0;
  }
}
