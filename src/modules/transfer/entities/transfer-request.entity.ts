import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';
import type { ActorType } from '../../chat/transaction.types.js';

export const TRANSFER_STATUSES = ['pending', 'accepted', 'rejected', 'expired', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export type TransferOutcome = Exclude<TransferStatus, 'pending'>;

/**
 * One request to hand a TXN over: to an agent (pending until accepted,
 * rejected, expired or cancelled) or to another inbox (done at once, so it is
 * stored as `accepted`). `expiresAt` is the stored deadline the sweeper acts on.
 */
@Entity('transfers')
@Index(['status', 'expiresAt'])
@Index(['transactionId', 'status'])
export class TransferRequest extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @IdColumn() transactionId: string;
  /** The inbox the TXN was in when the transfer was asked for. */
  @IdColumn() fromInboxId: string;
  /** The agent holding the chat (A). */
  @IdColumn() fromAgentId: string;
  /** Who asked: A, or an owner/admin acting for A. */
  @IdColumn() requestedById: string;
  @IdColumn({ nullable: true }) toAgentId: string | null;
  @IdColumn({ nullable: true }) toInboxId: string | null;
  @Column({ type: 'varchar', length: 10 }) status: TransferStatus;
  /** The reason given with a rejection or cancellation; `chat_ended` when the chat's end cancelled it. */
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  /** Agent transfers only: when a pending request expires. */
  @DateColumn({ nullable: true }) expiresAt: Date | null;
  @DateColumn() createdAt: Date;
  @DateColumn({ nullable: true }) answeredAt: Date | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) answeredByType: ActorType | null;
  @IdColumn({ nullable: true }) answeredById: string | null;
}
