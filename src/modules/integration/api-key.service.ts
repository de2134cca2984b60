import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import { ApiKeyVerifier } from '../../common/auth/api-key-verifier.js';
import type { ApiKeyPrincipal, Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { newId } from '../../common/ids/ids.js';
import { pageLimit, toPage, type Page, type PageQuery } from '../../common/pagination/pagination.js';
import { CreateApiKeyDto } from './dto/integration.dto.js';
import { ApiKey } from './entities/api-key.entity.js';
import { IntegrationError } from './integration.errors.js';
import { apiKeyView, type ApiKeyView } from './integration.views.js';

const KEY_PREFIX = 'sbk_';
const PREFIX_SHOWN = 12;

/**
 * SHA-256, not bcrypt: the key is 256 random bits, not a password a person
 * chose, so there is nothing to guess and a slow hash would only slow every
 * integration request. The hash is what is stored and looked up.
 */
export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** Organization API keys: created and revoked by owners/admins, checked by the global guard. */
@Injectable()
export class ApiKeyService implements ApiKeyVerifier {
  constructor(
    private readonly access: AccessService,
    private readonly clock: Clock,
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
  ) {}

  /** The key is in the answer once and never again. */
  async create(caller: Principal, dto: CreateApiKeyDto): Promise<ApiKeyView & { key: string }> {
    this.access.requireAdmin(caller);
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const row = this.keys.create({
      id: newId(), organizationId: caller.organizationId, name: dto.name, prefix: key.slice(0, PREFIX_SHOWN), keyHash: hashApiKey(key),
      createdById: caller.userId, createdAt: this.clock.now(), revokedAt: null, revokedById: null,
    });
    await this.keys.insert(row);
    return { ...apiKeyView(row), key };
  }

  /** Newest first, revoked ones included (with `revokedAt`). */
  async list(caller: Principal, query: PageQuery): Promise<Page<ApiKeyView>> {
    this.access.requireAdmin(caller);
    const limit = pageLimit(query);
    const qb = this.keys.createQueryBuilder('k').where('k.organizationId = :org', { org: caller.organizationId }).orderBy('k.id', 'DESC').take(limit + 1);
    if (query.cursor) qb.andWhere('k.id < :cursor', { cursor: query.cursor });
    return toPage(await qb.getMany(), limit, (k) => k.id, apiKeyView);
  }

  /** Revokes a key at once; revoking it again changes nothing and answers the same. */
  async revoke(caller: Principal, id: string): Promise<ApiKeyView> {
    this.access.requireAdmin(caller);
    const row = await this.keys.findOneBy({ id, organizationId: caller.organizationId });
    if (!row) throw new IntegrationError('api_key_not_found', 'API key not found');
    await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokedById: caller.userId });
    return apiKeyView(await this.keys.findOneByOrFail({ id }));
  }

  async verify(key: string): Promise<ApiKeyPrincipal | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const row = await this.keys.findOne({ where: { keyHash: hashApiKey(key), revokedAt: IsNull() }, select: ['id', 'organizationId'] });
    return row ? { kind: 'apiKey', apiKeyId: row.id, organizationId: row.organizationId } : null;
  }
}
