import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';

export type OfferStatus = 'pending' | 'accepted' | 'rejected' | 'expired' | 'cancelled';

/** One offer of a TXN to one agent; a rejected or expired offer keeps that agent from being offered it again. */
@Entity('chat_offers')
@Index(['transactionId', 'agentId'])
export class ChatOffer extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() transactionId: string;
  @IdColumn() agentId: string;
  @Column({ type: 'varchar', length: 10 }) status: OfferStatus;
  @DateColumn() offeredAt: Date;
  @DateColumn() expiresAt: Date;
  @DateColumn({ nullable: true }) answeredAt: Date | null;
}
