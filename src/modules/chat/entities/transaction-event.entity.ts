import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';
import type { ActorType } from './transaction.entity.js';

/** The TXN timeline: every status change, offer, answer, transfer and system note, with time and actor. */
@Entity('transaction_events')
@Index(['transactionId', 'id'])
export class TransactionEvent extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() transactionId: string;
  @Column({ type: 'varchar', length: 40 }) type: string;
  @Column({ type: 'varchar', length: 16 }) actorType: ActorType;
  @IdColumn({ nullable: true }) actorId: string | null;
  @Column({ type: 'simple-json', nullable: true }) data: Record<string, unknown> | null;
  @DateColumn() createdAt: Date;
}
