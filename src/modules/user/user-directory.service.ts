import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal.js';
import { UserPrincipalLoader } from '../../common/auth/user-principal-loader.js';
import { User } from './entities/user.entity.js';

/**
 * The narrow read side of the user module for the rest of the house: who a token's
 * user is, the names of users by id, the owners/admins of an organization.
 */
@Injectable()
export class UserDirectoryService implements UserPrincipalLoader {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async principalOf(userId: string): Promise<UserPrincipal | null> {
    const user = await this.users.findOne({ where: { id: userId }, select: ['id', 'organizationId', 'role', 'name'] });
    if (!user) return null;
    return { kind: 'user', userId: user.id, organizationId: user.organizationId, role: user.role, name: user.name };
  }

  /** Ids of the owners and admins of an organization. */
  async adminIds(organizationId: string): Promise<string[]> {
    const rows = await this.users
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.organizationId = :org AND u.role IN (:...roles)', { org: organizationId, roles: ['owner', 'admin'] })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Display names by id (unknown ids are left out). */
  async namesById(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (unique.length === 0) return new Map();
    const rows = await this.users.find({ where: { id: In(unique) }, select: ['id', 'name'] });
    return new Map(rows.map((u) => [u.id, u.name]));
  }
}
