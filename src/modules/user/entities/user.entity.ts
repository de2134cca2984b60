import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

import { ROLES, type Role } from '../../../common/auth/principal.js';

export { ROLES, type Role };
export const PRESENCES = ['online', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

@Entity('users')
export class User extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Index() @IdColumn() organizationId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  /** Lowercased; unique across the server because login is by email alone. */
  @Index({ unique: true }) @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 100, select: false }) passwordHash: string;
  @Column({ type: 'varchar', length: 10 }) role: Role;
  /** Overrides the organization's `maxActiveChatsPerAgent` when set. */
  @Column({ type: 'int', nullable: true }) maxActiveChats: number | null;
  /** What the agent asked for (`PUT /me/presence`). */
  @Column({ type: 'varchar', length: 10, default: 'online' }) presenceChoice: Presence;
  /** Effective presence: the choice while at least one socket is connected, else offline. Routing reads this. */
  @Column({ type: 'varchar', length: 10, default: 'offline' }) presence: Presence;
  /** When the agent was last offered a chat: the idle-longest tie-breaker of routing. */
  @DateColumn({ nullable: true }) lastOfferedAt: Date | null;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
