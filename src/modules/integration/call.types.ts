/** The vocabulary of a call (the `calls` row), for views and for modules that show calls (the journey). */
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallStatus = 'ongoing' | 'ended';

/** One call (the `calls` row), as the integration module hands it to others (the journey). */
export interface CallRow {
  id: string;
  organizationId: string;
  transactionId: string;
  customerId: string;
  agentId: string | null;
  direction: CallDirection;
  status: CallStatus;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
  outcome: string | null;
}
