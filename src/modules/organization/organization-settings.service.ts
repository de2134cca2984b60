import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { Repository, type EntityManager } from 'typeorm';
import { AppConfig } from '../../common/config/app-config.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { Organization } from './entities/organization.entity.js';

/** The settings of an organization as every other module reads them (never the entity). */
export interface OrganizationSettings {
  readonly id: string;
  readonly name: string;
  readonly contactCenterLicense: boolean;
  readonly maxActiveChatsPerAgent: number;
  readonly offerTimeoutSeconds: number;
  readonly transferTimeoutSeconds: number;
  readonly assignedInactivitySeconds: number;
  readonly waitingInactivitySeconds: number;
  readonly maxUploadBytes: number;
}

/** The Redis channel on which instances tell each other that an organization changed. */
export const SETTINGS_CHANNEL = 'switchboard:organization-settings';

const settingsOf = (o: Organization): OrganizationSettings =>
  Object.freeze({
    id: o.id,
    name: o.name,
    contactCenterLicense: !!o.contactCenterLicense,
    maxActiveChatsPerAgent: o.maxActiveChatsPerAgent,
    offerTimeoutSeconds: o.offerTimeoutSeconds,
    transferTimeoutSeconds: o.transferTimeoutSeconds,
    assignedInactivitySeconds: o.assignedInactivitySeconds,
    waitingInactivitySeconds: o.waitingInactivitySeconds,
    maxUploadBytes: o.maxUploadBytes,
  });

/**
 * The one way to read an organization's settings. Values are cached per organization
 * and dropped when they change: in this process at once, and on every other instance
 * through Redis pub/sub when `REDIS_URL` is set (one instance alone needs nothing more).
 *
 * A read that started before a change never stores its (possibly old) answer: each
 * organization has a generation that a change bumps, and only a read of the current
 * generation fills the cache.
 */
@Injectable()
export class OrganizationSettingsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('OrganizationSettings');
  private readonly cache = new Map<string, OrganizationSettings>();
  private readonly generation = new Map<string, number>();
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    @InjectRepository(Organization) private readonly orgs: Repository<Organization>,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit() {
    const url = this.config.redisUrl;
    if (!url) return;
    this.pub = new Redis(url, { maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { maxRetriesPerRequest: 3 });
    this.sub.on('message', (_channel: string, organizationId: string) => this.forget(organizationId));
    // an instance that missed messages while Redis was away must not trust what it cached before
    this.sub.on('ready', () => this.clear());
    this.pub.on('error', (err) => this.log.warn(`redis: ${err.message}`));
    this.sub.on('error', (err) => this.log.warn(`redis: ${err.message}`));
    await this.sub.subscribe(SETTINGS_CHANNEL);
  }

  async onModuleDestroy() {
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
  }

  /**
   * The organization's settings; 404 `organization_not_found` when it does not exist.
   * Inside a database transaction pass its EntityManager: a cache miss is then read on
   * the transaction's own connection. Asking the pool for a second connection while
   * holding row locks can stall the instance when the pool is busy (the holders of the
   * other connections wait for those locks; docs/operations.md).
   */
  async get(organizationId: string, em?: EntityManager): Promise<OrganizationSettings> {
    const cached = this.cache.get(organizationId);
    if (cached) return cached;
    const gen = this.generation.get(organizationId) ?? 0;
    const row = await (em ? em.getRepository(Organization) : this.orgs).findOneBy({ id: organizationId });
    if (!row) throw new NotFoundError('Organization', 'organization_not_found');
    const settings = settingsOf(row);
    if ((this.generation.get(organizationId) ?? 0) === gen) this.cache.set(organizationId, settings);
    return settings;
  }

  /** Called by the organization module after a change is committed: every instance reads it again. */
  async changed(organizationId: string): Promise<void> {
    this.forget(organizationId);
    if (this.pub) await this.pub.publish(SETTINGS_CHANNEL, organizationId);
  }

  private forget(organizationId: string) {
    this.generation.set(organizationId, (this.generation.get(organizationId) ?? 0) + 1);
    this.cache.delete(organizationId);
  }

  private clear() {
    for (const id of this.cache.keys()) this.forget(id);
  }
}
