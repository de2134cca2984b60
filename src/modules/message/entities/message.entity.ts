import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

import type { MessageRow, SenderType } from '../message.types.js';

export type { SenderType } from '../message.types.js';

@Entity('messages')
@Index(['transactionId', 'seq'], { unique: true })
@Index(['transactionId', 'senderType', 'clientMessageId'], { unique: true })
export class Message extends BaseEntity implements MessageRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() transactionId: string;
  @Column({ type: 'int' }) seq: number;
  @Column({ type: 'varchar', length: 10 }) senderType: SenderType;
  @IdColumn({ nullable: true }) senderId: string | null;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) clientMessageId: string | null;
  @DateColumn() createdAt: Date;
}
