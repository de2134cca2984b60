import type { TransactionStatus } from '../chat/transaction.types.js';
import type { CallDirection } from '../integration/call.types.js';

/** The names users see for the statuses, exactly. */
export const STATUS_LABELS: Record<TransactionStatus, string> = {
  waiting: 'Waiting',
  assigning: 'Assigning',
  assigned: 'Assigned',
  transferring: 'Transferring',
  ended: 'Ended',
  failed: 'Failed',
};

type Ref = { id: string; name: string };

export interface JourneyChat {
  type: 'chat';
  id: string;
  /** The sort key: the chat's start. */
  at: string;
  transactionId: string;
  inbox: Ref;
  status: TransactionStatus;
  statusLabel: string;
  /** The handling agent; null while nobody holds it (waiting, being offered) or if nobody ever did (failed). */
  agent: Ref | null;
  startedAt: string;
  endedAt: string | null;
}

export interface JourneyCall {
  type: 'call';
  id: string;
  /** The sort key: the call's start. */
  at: string;
  transactionId: string;
  inbox: Ref;
  agent: Ref | null;
  direction: CallDirection;
  startedAt: string;
  endedAt: string;
  durationSeconds: number;
  outcome: string | null;
}

export type JourneyItem = JourneyChat | JourneyCall;
