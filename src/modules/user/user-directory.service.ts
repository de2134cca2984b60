import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal.js';
import { UserPrincipalLoader } from '../../common/auth/user-principal-loader.js';
import { Db } from '../../common/database/db.service.js';
import { User, type Presence, type Role } from './entities/user.entity.js';

/** What other modules read of a user (transfers: the target and the candidates; calls: the agent). */
export interface DirectoryUser {
  id: string;
  organizationId: string;
  name: string;
  role: Role;
  presence: Presence;
  /** Overrides the organization's limit when set. */
  maxActiveChats: number | null;
}

const MEMBER: (keyof User)[] = ['id', 'organizationId', 'name', 'role', 'presence', 'maxActiveChats'];

/** What routing reads of an agent: presence, own capacity limit, when last offered a chat. */
export interface AgentCapacity {
  id: string;
  organizationId: string;
  presence: Presence;
  /** Overrides the organization's limit when set. */
  maxActiveChats: number | null;
  lastOfferedAt: Date | null;
}

/**
 * The narrow read side of the user module for the rest of the house: who a token's
 * user is, the names of users by id, the owners/admins of an organization.
 */
@Injectable()
export class UserDirectoryService implements UserPrincipalLoader {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly db: Db,
  ) {}

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

  /** Display names by id (unknown ids are left out); `em`: inside the caller's transaction, on its connection. */
  async namesById(ids: string[], em?: EntityManager): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (unique.length === 0) return new Map();
    const rows = await (em ? em.getRepository(User) : this.users).find({ where: { id: In(unique) }, select: ['id', 'name'] });
    return new Map(rows.map((u) => [u.id, u.name]));
  }

  /** A user of the organization by id; null when there is none. */
  member(organizationId: string, userId: string): Promise<DirectoryUser | null> {
    return this.users.findOne({ where: { id: userId, organizationId }, select: MEMBER });
  }

  /** The users of the organization among these ids. */
  async members(organizationId: string, ids: string[]): Promise<DirectoryUser[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    return this.users.find({ where: { id: In(unique), organizationId }, select: MEMBER });
  }

  /** Whether one of these users is online now. */
  async anyOnline(ids: string[]): Promise<boolean> {
    return ids.length > 0 && this.users.exists({ where: { id: In([...new Set(ids)]), presence: 'online' } });
  }

  /** The online ones among these users, with what routing needs of them. */
  async onlineAgents(ids: string[]): Promise<AgentCapacity[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    return this.users.find({ where: { id: In(unique), presence: 'online' }, select: ['id', 'organizationId', 'presence', 'maxActiveChats', 'lastOfferedAt'] });
  }

  /**
   * Agents' rows under write locks, in id order (so two instances never
   * deadlock), inside the caller's transaction: the offers hold them while they
   * count the agents' chats and claim some (the capacity check).
   */
  async lockForOffers(em: EntityManager, userIds: string[]): Promise<AgentCapacity[]> {
    if (!userIds.length) return [];
    return this.db
      .lockRows(
        em.getRepository(User).createQueryBuilder('u')
          .select(['u.id', 'u.organizationId', 'u.presence', 'u.maxActiveChats', 'u.lastOfferedAt'])
          .where('u.id IN (:...userIds)', { userIds: [...new Set(userIds)].sort() })
          .orderBy('u.id', 'ASC'),
      )
      .getMany();
  }

  /** The agents were offered a chat now (routing's idle-longest tie-breaker), inside the caller's transaction. */
  async markOffered(em: EntityManager, userIds: string[], now: Date): Promise<void> {
    if (userIds.length) await em.getRepository(User).update({ id: In([...new Set(userIds)]) }, { lastOfferedAt: now });
  }
}
