/** Who wrote a message. */
export type SenderType = 'visitor' | 'agent' | 'system';

/** One stored message (the `messages` row), as the message module hands it to others (hooks, system notes). */
export interface MessageRow {
  id: string;
  transactionId: string;
  /** 1, 2, 3 … within the TXN. */
  seq: number;
  senderType: SenderType;
  senderId: string | null;
  body: string;
  clientMessageId: string | null;
  createdAt: Date;
}
