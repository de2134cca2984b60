import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { Repository, type EntityManager } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { AppConfig } from '../../common/config/app-config.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/domain-error.js';
import { validateInput } from '../../common/errors/validation.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { isUniqueViolation } from '../../common/database/errors.js';
import { CreateUserDto, UpdateUserDto, type UserView } from './dto/user.dto.js';
import { User } from './entities/user.entity.js';
import { normalizeEmail } from '../customer/normalize.js';
import './user.events.js';

export const toUserView = (u: User): UserView => ({
  id: u.id, organizationId: u.organizationId, name: u.name, email: u.email, role: u.role,
  maxActiveChats: u.maxActiveChats ?? null, presence: u.presence, presenceChoice: u.presenceChoice, createdAt: u.createdAt,
});


@Injectable()
export class UserService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly access: AccessService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  hashPassword(password: string) {
    return bcrypt.hash(password, this.config.bcryptRounds);
  }

  /** Returns the user when the password matches; the same cost is paid for unknown emails. */
  async verifyCredentials(email: string, password: string): Promise<User | null> {
    const user = await this.users.findOne({ where: { email: normalizeEmail(email) }, select: ['id', 'organizationId', 'role', 'passwordHash', 'name', 'email'] });
    const ok = await bcrypt.compare(password, user?.passwordHash ?? '$2b$04$invalidinvalidinvalidinvalidinvalidinvalidinvalidinvali');
    return user && ok ? user : null;
  }

  /** Inserts a user; a taken email is 409 `email_taken` (the unique index decides, not a prior read). */
  /** `em`: inside the caller's database transaction (a new organization and its owner are one). */
  async insert(organizationId: string, dto: CreateUserDto, em?: EntityManager): Promise<User> {
    const repo = em ? em.getRepository(User) : this.users;
    const now = this.clock.now();
    const user = repo.create({
      id: newId(), organizationId, name: dto.name.trim(), email: normalizeEmail(dto.email), role: dto.role,
      passwordHash: await this.hashPassword(dto.password), maxActiveChats: dto.maxActiveChats ?? null,
      presenceChoice: 'online', presence: 'offline', lastOfferedAt: null, createdAt: now, updatedAt: now,
    });
    try {
      await repo.insert(user);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('email_taken', 'A user with this email already exists');
      throw err;
    }
    return user;
  }

  async create(caller: Principal, input: CreateUserDto | Record<string, unknown>): Promise<UserView> {
    this.access.requireAdmin(caller);
    const dto = await validateInput(CreateUserDto, input);
    if (dto.role === 'owner' && caller.role !== 'owner') throw new ForbiddenError('Only owners may create owners', 'owner_only');
    return toUserView(await this.insert(caller.organizationId, dto));
  }

  async list(caller: Principal): Promise<UserView[]> {
    const users = await this.users.find({ where: { organizationId: caller.organizationId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return users.map(toUserView);
  }

  async get(caller: Principal, id: string): Promise<UserView> {
    return toUserView(await this.find(caller.organizationId, id));
  }

  async find(organizationId: string, id: string): Promise<User> {
    const user = await this.users.findOneBy({ id, organizationId });
    if (!user) throw new NotFoundError('User', 'user_not_found');
    return user;
  }

  async update(caller: Principal, id: string, input: UpdateUserDto | Record<string, unknown>): Promise<UserView> {
    this.access.requireAdmin(caller);
    const dto = await validateInput(UpdateUserDto, input);
    const user = await this.find(caller.organizationId, id);
    const touchesOwner = dto.role !== undefined && dto.role !== user.role && (dto.role === 'owner' || user.role === 'owner');
    if (touchesOwner && caller.role !== 'owner') throw new ForbiddenError('Only owners may grant or revoke the owner role', 'owner_only');
    if (user.role === 'owner' && dto.role && dto.role !== 'owner') {
      const owners = await this.users.countBy({ organizationId: caller.organizationId, role: 'owner' });
      if (owners <= 1) throw new ConflictError('last_owner', 'An organization keeps at least one owner');
    }
    const changes: Partial<User> = { updatedAt: this.clock.now() };
    if (dto.name !== undefined) changes.name = dto.name.trim();
    if (dto.role !== undefined) changes.role = dto.role;
    if (dto.maxActiveChats !== undefined) changes.maxActiveChats = dto.maxActiveChats;
    if (dto.password !== undefined) changes.passwordHash = await this.hashPassword(dto.password);
    await this.users.update({ id: user.id, organizationId: caller.organizationId }, changes);
    this.events.emit('user.updated', { userId: user.id, organizationId: user.organizationId });
    return this.get(caller, id);
  }
}
