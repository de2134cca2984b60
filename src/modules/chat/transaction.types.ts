/**
 * The shape of a TXN row and its status vocabulary, for the modules that hold rows
 * the chat's services handed them (routing, messages, transfers, …). Importing this
 * gives no access to the `transactions` table: that stays behind the chat's services.
 */
export const TRANSACTION_STATUSES = ['waiting', 'assigning', 'assigned', 'transferring', 'ended', 'failed'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
/** Statuses that occupy the assignee: they count against the capacity limit. */
export const ACTIVE_STATUSES: TransactionStatus[] = ['assigning', 'assigned', 'transferring'];
export const OPEN_STATUSES: TransactionStatus[] = ['waiting', 'assigning', 'assigned', 'transferring'];
export const CLOSED_STATUSES: TransactionStatus[] = ['ended', 'failed'];
export type ActorType = 'visitor' | 'agent' | 'system' | 'integration';

/** One conversation (TXN) between a customer and the contact center, in one inbox (the `transactions` row). */
export interface TransactionRow {
  id: string;
  organizationId: string;
  inboxId: string;
  customerId: string;
  status: TransactionStatus;
  /** The agent holding it; while `assigning`, the agent it is offered to. */
  assigneeId: string | null;
  /** The pending offer while `assigning`. */
  offerId: string | null;
  offerExpiresAt: Date | null;
  /** When inactivity completes it (waiting/assigned); null while another deadline governs it. */
  inactivityDeadline: Date | null;
  lastActivityAt: Date;
  /** Position key of the waiting queue: the original start, kept across inbox transfers. */
  queuedAt: Date;
  /** First acceptance by any agent; a TXN never accepted ends `failed`. */
  firstAssignedAt: Date | null;
  assignedAt: Date | null;
  endedAt: Date | null;
  endedByType: ActorType | null;
  endedById: string | null;
  endReason: string | null;
  /** Last message sequence number: messages are numbered 1, 2, 3 … within the TXN. */
  messageSeq: number;
  createdAt: Date;
  updatedAt: Date;
}
