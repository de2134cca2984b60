import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AppConfig } from '../../common/config/app-config.js';
import { Clock } from '../../common/clock/clock.js';
import { Db } from '../../common/database/db.service.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { Sweeper } from '../../common/scheduling/sweeper.js';
import { AgentConnection } from './entities/agent-connection.entity.js';
import { User, type Presence } from './entities/user.entity.js';
import './user.events.js';


/**
 * Agent presence, kept in the database so every instance agrees:
 * online while at least one socket is connected, unless the agent chose `away`
 * (or `offline`, to appear offline); offline with no socket.
 */
@Injectable()
export class PresenceService implements OnModuleInit {
  private lastHeartbeat = 0;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(AgentConnection) private readonly connections: Repository<AgentConnection>,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly sweeper: Sweeper,
    private readonly config: AppConfig,
  ) {}

  /** Identifies this process's sockets, so a crashed instance's rows can be swept. */
  get instanceId() {
    return this.config.instanceId;
  }

  onModuleInit() {
    this.sweeper.register('presence', (now) => this.sweep(now));
  }

  async connected(userId: string, socketId: string): Promise<void> {
    const now = this.clock.now();
    await this.connections.insert({ socketId, userId, instanceId: this.instanceId, connectedAt: now, seenAt: now });
    // with this socket stored, presence can only be the agent's choice: one conditional update
    // instead of a locked recount, so a second tab or a reconnect costs two statements
    const changed = await this.users
      .createQueryBuilder()
      .update(User)
      .set({ presence: () => 'presenceChoice' })
      .where('id = :userId', { userId })
      .andWhere('presence <> presenceChoice')
      .execute();
    if (!changed.affected) return;
    const user = await this.users.findOneBy({ id: userId });
    if (user) this.events.emit('agent.presence', { userId, organizationId: user.organizationId, presence: user.presence });
  }

  async disconnected(userId: string, socketId: string): Promise<void> {
    await this.connections.delete({ socketId });
    await this.recompute(userId);
  }

  async choose(userId: string, choice: Presence): Promise<Presence> {
    await this.users.update({ id: userId }, { presenceChoice: choice });
    return this.recompute(userId);
  }

  /** Writes the effective presence and announces it when it changed. */
  async recompute(userId: string): Promise<Presence> {
    const result = await this.db.transaction(async (em) => {
      const user = await this.db.lockRows(em.getRepository(User).createQueryBuilder('u').where('u.id = :userId', { userId })).getOne();
      if (!user) return null;
      const sockets = await em.getRepository(AgentConnection).countBy({ userId });
      const presence: Presence = sockets > 0 ? user.presenceChoice : 'offline';
      if (presence === user.presence) return { user, presence, changed: false };
      await em.getRepository(User).update({ id: userId }, { presence });
      return { user, presence, changed: true };
    });
    if (!result) return 'offline';
    if (result.changed) this.events.emit('agent.presence', { userId, organizationId: result.user.organizationId, presence: result.presence });
    return result.presence;
  }

  /** Heartbeat for this instance's sockets; drop other instances' rows that went quiet. */
  async sweep(now: Date): Promise<void> {
    // an instance whose sockets were not seen for PRESENCE_STALE_MS is taken as gone; live ones beat 4 times as often
    const staleAfter = this.config.presenceStaleMs;
    if (now.getTime() - this.lastHeartbeat >= staleAfter / 4) {
      this.lastHeartbeat = now.getTime();
      await this.connections.update({ instanceId: this.instanceId }, { seenAt: now });
    }
    const stale = await this.connections.find({ where: { seenAt: LessThan(new Date(now.getTime() - staleAfter)) } });
    for (const row of stale) {
      await this.connections.delete({ socketId: row.socketId });
      await this.recompute(row.userId);
    }
  }

  /** On shutdown: this instance's sockets are gone. */
  async dropInstance(): Promise<void> {
    const rows = await this.connections.find({ where: { instanceId: this.instanceId } });
    await this.connections.delete({ instanceId: this.instanceId });
    for (const userId of new Set(rows.map((r) => r.userId))) await this.recompute(userId);
  }
}
