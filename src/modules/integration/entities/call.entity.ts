import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';
import type { ActorType } from '../../chat/transaction.types.js';
import type { CallDirection, CallRow, CallStatus } from '../call.types.js';

export { CALL_DIRECTIONS, type CallDirection, type CallStatus } from '../call.types.js';

/** A phone call between an agent and the customer of a TXN, reported by a phone system or an agent. */
@Entity('calls')
@Index(['transactionId'])
@Index(['customerId', 'status', 'startedAt'])
@Index(['organizationId', 'externalId'], { unique: true })
export class Call extends BaseEntity implements CallRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @IdColumn() transactionId: string;
  @IdColumn() customerId: string;
  @IdColumn({ nullable: true }) agentId: string | null;
  @Column({ type: 'varchar', length: 10 }) direction: CallDirection;
  @Column({ type: 'varchar', length: 10 }) status: CallStatus;
  @DateColumn() startedAt: Date;
  @DateColumn({ nullable: true }) endedAt: Date | null;
  @Column({ type: 'int', nullable: true }) durationSeconds: number | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) outcome: string | null;
  /** The phone system's own id of the call; unique within the organization. */
  @Column({ type: 'varchar', length: 100, nullable: true }) externalId: string | null;
  @Column({ type: 'varchar', length: 16 }) createdByType: ActorType;
  @IdColumn({ nullable: true }) createdById: string | null;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
