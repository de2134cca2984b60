import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { newId } from '../../common/ids/ids.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { validateInput } from '../../common/errors/validation.js';
import { UpdateOrganizationDto } from './dto/update-organization.dto.js';
import { Organization } from './entities/organization.entity.js';
import { OrganizationSettingsService } from './organization-settings.service.js';
import './organization.events.js';

@Injectable()
export class OrganizationService {
  constructor(
    @InjectRepository(Organization) private readonly orgs: Repository<Organization>,
    private readonly access: AccessService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly settings: OrganizationSettingsService,
  ) {}

  /** A new organization, inside the caller's database transaction (created with its owner: AuthService). */
  async create(em: EntityManager, name: string, now: Date): Promise<{ id: string }> {
    const org = em.getRepository(Organization).create({ id: newId(), name: name.trim(), createdAt: now, updatedAt: now });
    await em.getRepository(Organization).insert(org);
    return { id: org.id };
  }

  /** Whether the server has any organization yet (bootstrap). */
  anyExists(): Promise<boolean> {
    return this.orgs.exists();
  }

  async get(organizationId: string): Promise<Organization> {
    const org = await this.orgs.findOneBy({ id: organizationId });
    if (!org) throw new NotFoundError('Organization', 'organization_not_found');
    return org;
  }

  /** Owners/admins only. Validates like the API does for any caller (the admin panel too). */
  async update(caller: Principal, input: UpdateOrganizationDto | Record<string, unknown>): Promise<Organization> {
    this.access.requireAdmin(caller);
    const dto = await validateInput(UpdateOrganizationDto, input);
    const changes = Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined));
    await this.orgs.update({ id: caller.organizationId }, { ...changes, updatedAt: this.clock.now() });
    await this.settings.changed(caller.organizationId);
    const org = await this.get(caller.organizationId);
    this.events.emit('organization.updated', { organization: org });
    return org;
  }
}
