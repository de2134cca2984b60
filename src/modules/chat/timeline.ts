import { EntityManager } from 'typeorm';
import { newId } from '../../common/ids/ids.js';
import { TransactionEvent } from './entities/transaction-event.entity.js';
import type { ActorType } from './entities/transaction.entity.js';

export interface Actor {
  type: ActorType;
  id?: string | null;
}

export const SYSTEM: Actor = { type: 'system' };

/** Appends one entry to a TXN's timeline, inside the caller's database transaction. */
export async function recordTimeline(
  em: EntityManager,
  transactionId: string,
  type: string,
  actor: Actor,
  now: Date,
  data: Record<string, unknown> | null = null,
): Promise<TransactionEvent> {
  const event = em.getRepository(TransactionEvent).create({ id: newId(), transactionId, type, actorType: actor.type, actorId: actor.id ?? null, data, createdAt: now });
  await em.getRepository(TransactionEvent).insert(event as never);
  return event;
}

/** Appends several entries (of one or more TXNs) in one INSERT, inside the caller's database transaction. */
export async function recordTimelines(
  em: EntityManager,
  entries: Array<{ transactionId: string; type: string; actor: Actor; now: Date; data?: Record<string, unknown> | null }>,
): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({ id: newId(), transactionId: e.transactionId, type: e.type, actorType: e.actor.type, actorId: e.actor.id ?? null, data: e.data ?? null, createdAt: e.now }));
  await em.createQueryBuilder().insert().into(TransactionEvent).values(rows as never).updateEntity(false).execute();
}
