import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

/**
 * One connected agent socket. Presence is derived from these rows, not from
 * process memory, so it holds with several instances; rows of an instance
 * that stopped heartbeating are swept.
 */
@Entity('agent_connections')
export class AgentConnection extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) socketId: string;
  @Index() @IdColumn() userId: string;
  @Index() @Column({ type: 'varchar', length: 64 }) instanceId: string;
  @DateColumn() connectedAt: Date;
  @DateColumn() seenAt: Date;
}
