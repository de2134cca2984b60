import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateColumn, IdColumn } from '../../../common/database/columns.js';
import type { ActorType, TransactionRow, TransactionStatus } from '../transaction.types.js';

export { ACTIVE_STATUSES, CLOSED_STATUSES, OPEN_STATUSES, TRANSACTION_STATUSES, type ActorType, type TransactionStatus } from '../transaction.types.js';

/** One conversation (TXN) between a customer and the contact center, in one inbox. */
@Entity('transactions')
@Index(['inboxId', 'status', 'queuedAt'])
@Index(['assigneeId', 'status'])
@Index(['status', 'offerExpiresAt'])
/** The sweeper's inactivity pass: chats to look at, by check time. */
@Index(['status', 'inactivityCheckAt'])
@Index(['organizationId', 'id'])
/** Reports: an organization's chats started in a period. */
@Index(['organizationId', 'createdAt'])
/** A chat start sent again with the same client id returns the chat started first. */
@Index(['inboxId', 'clientChatId'], { unique: true })
export class ChatTransaction extends BaseEntity implements TransactionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @IdColumn() organizationId: string;
  @IdColumn() inboxId: string;
  @Index() @IdColumn() customerId: string;
  @Column({ type: 'varchar', length: 16 }) status: TransactionStatus;
  /** The agent holding it; while `assigning`, the agent it is offered to. */
  @IdColumn({ nullable: true }) assigneeId: string | null;
  /** The pending offer while `assigning`. */
  @IdColumn({ nullable: true }) offerId: string | null;
  @DateColumn({ nullable: true }) offerExpiresAt: Date | null;
  /** When inactivity completes it (waiting/assigned); null while another deadline governs it. */
  @DateColumn({ nullable: true }) inactivityDeadline: Date | null;
  /** When the sweeper looks at the inactivity deadline next (≤ it; see `inactivity` in transaction.types). */
  @DateColumn({ nullable: true }) inactivityCheckAt: Date | null;
  @DateColumn() lastActivityAt: Date;
  /** Position key of the waiting queue: the original start, kept across inbox transfers. */
  @DateColumn() queuedAt: Date;
  /** First acceptance by any agent; a TXN never accepted ends `failed`. */
  @DateColumn({ nullable: true }) firstAssignedAt: Date | null;
  @DateColumn({ nullable: true }) assignedAt: Date | null;
  @DateColumn({ nullable: true }) endedAt: Date | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) endedByType: ActorType | null;
  @IdColumn({ nullable: true }) endedById: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) endReason: string | null;
  /** Last message sequence number: messages are numbered 1, 2, 3 … within the TXN. */
  @Column({ type: 'int', default: 0 }) messageSeq: number;
  /** The visitor client's own id for the start request (idempotency key), unique per inbox. */
  @Column({ type: 'varchar', length: 100, nullable: true }) clientChatId: string | null;
  @DateColumn() createdAt: Date;
  @DateColumn() updatedAt: Date;
}
