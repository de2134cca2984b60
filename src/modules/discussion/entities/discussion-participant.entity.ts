import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn } from '../../../common/database/columns.js';

/**
 * Someone who takes part in a TXN's discussion because they posted in it or were
 * mentioned. The chat's assignees take part without a row (derived from the TXN).
 */
@Entity('discussion_participants')
export class DiscussionParticipant extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) transactionId: string;
  @Index() @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @Column({ type: 'varchar', length: 10 }) reason: 'posted' | 'mentioned';
  @DateColumn() createdAt: Date;
}
