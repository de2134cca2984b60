/** Room names: one place, so every emit and join agrees. */
export const rooms = {
  agent: (userId: string) => `agent:${userId}`,
  /** Agents who opened the TXN (`transaction.join`), e.g. supervisors watching. */
  transaction: (transactionId: string) => `txn:${transactionId}`,
  visitor: (transactionId: string) => `visitor:${transactionId}`,
};
