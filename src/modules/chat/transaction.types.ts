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
  /**
   * When the sweeper looks at the inactivity deadline next: never after it, null with it.
   * Messages move the deadline but leave this (indexed) column alone; see `inactivity`.
   */
  inactivityCheckAt: Date | null;
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

/**
 * What the message path reads of a TXN under its lock (`TransactionStore.lockForMessages`)
 * and writes back (`recordMessages`): who may write to it, its sequence, activity and deadline.
 */
export const MESSAGE_TXN_COLUMNS = [
  'id', 'organizationId', 'status', 'assigneeId', 'messageSeq', 'lastActivityAt', 'inactivityDeadline', 'inactivityCheckAt', 'updatedAt',
] as const satisfies ReadonlyArray<keyof TransactionRow>;
export type MessageTxnRow = Pick<TransactionRow, (typeof MESSAGE_TXN_COLUMNS)[number]>;

/**
 * The inactivity deadline as a start, an accept, a transfer or an offer sets it: the
 * sweeper looks at the chat then. Messages push the deadline without this
 * (`deadlinePushed`), so that the sweeper's index is not rewritten at every message.
 */
export const inactivity = (deadline: Date | null) => ({ inactivityDeadline: deadline, inactivityCheckAt: deadline });

/**
 * A visitor or agent message moved a TXN's inactivity deadline to `deadline`. The check
 * time stays (it is earlier, so the sweeper finds the chat then and moves the check to
 * the deadline) unless the new deadline comes first, after a shorter timeout was set.
 * Returns true when the check time moved too.
 */
export function deadlinePushed(txn: Pick<TransactionRow, 'inactivityDeadline' | 'inactivityCheckAt'>, deadline: Date): boolean {
  txn.inactivityDeadline = deadline;
  if (txn.inactivityCheckAt && txn.inactivityCheckAt.getTime() <= deadline.getTime()) return false;
  txn.inactivityCheckAt = deadline;
  return true;
}
