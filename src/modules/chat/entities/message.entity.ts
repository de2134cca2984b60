import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

export type SenderType = 'visitor' | 'agent' | 'system';

@Entity('messages')
@Index(['transactionId', 'seq'], { unique: true })
@Index(['transactionId', 'senderType', 'clientMessageId'], { unique: true })
export class Message extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() transactionId: string;
  @Column({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 10 }) senderType: SenderType;
  @IdColumn({ nullable: true }) senderId: string | null;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) clientMessageId: string | null;
  @DateColumn() createdAt: Date;
}
