import type { DataSource } from 'typeorm';
import { newId } from '../../src/common/ids/ids.js';
import { TransactionEvent } from '../../src/modules/chat/entities/transaction-event.entity.js';
import { ChatTransaction } from '../../src/modules/chat/entities/transaction.entity.js';
import { Customer } from '../../src/modules/customer/entities/customer.entity.js';

/**
 * Seeds `count` completed chats straight into the database (bulk inserts, not
 * HTTP): every other one ended by `agentId`, the rest failed; customers shared
 * by groups of 10, with names that need CSV quoting.
 */
export async function seedCompletedChats(ds: DataSource, o: { organizationId: string; inboxId: string; agentId: string; count: number; chunk?: number }) {
  const chunk = o.chunk ?? 500;
  const base = Date.now() - o.count * 60_000;
  const customers: Customer[] = [];
  for (let i = 0; i < Math.ceil(o.count / 10); i++) {
    customers.push(Object.assign(new Customer(), {
      id: newId(), organizationId: o.organizationId, name: `Customer ${i}, "bulk" ☎`, email: `bulk-${i}@example.test`, phone: `+1555${String(i).padStart(6, '0')}`, createdAt: new Date(base),
    }));
  }
  const txns: ChatTransaction[] = [];
  const events: TransactionEvent[] = [];
  for (let i = 0; i < o.count; i++) {
    const created = new Date(base + i * 60_000);
    const handled = i % 2 === 0;
    const assigned = handled ? new Date(created.getTime() + 20_000) : null;
    const ended = new Date(created.getTime() + 50_000);
    const id = newId();
    txns.push(Object.assign(new ChatTransaction(), {
      id, organizationId: o.organizationId, inboxId: o.inboxId, customerId: customers[Math.floor(i / 10)].id,
      status: handled ? 'ended' : 'failed', assigneeId: handled ? o.agentId : null, offerId: null, offerExpiresAt: null, inactivityDeadline: null,
      lastActivityAt: ended, queuedAt: created, firstAssignedAt: assigned, assignedAt: assigned, endedAt: ended,
      endedByType: handled ? 'agent' : 'visitor', endedById: handled ? o.agentId : customers[Math.floor(i / 10)].id,
      endReason: handled ? 'agent_completed' : 'visitor_left', messageSeq: 3, createdAt: created, updatedAt: ended,
    }));
    if (handled) {
      events.push(Object.assign(new TransactionEvent(), { id: newId(), transactionId: id, type: 'accepted', actorType: 'agent', actorId: o.agentId, data: null, createdAt: assigned }));
    }
  }
  await ds.transaction(async (em) => {
    for (const [entity, rows] of [[Customer, customers], [ChatTransaction, txns], [TransactionEvent, events]] as const) {
      for (let i = 0; i < rows.length; i += chunk) await em.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + chunk) as never).execute();
    }
  });
  return { transactionIds: txns.map((t) => t.id) };
}
