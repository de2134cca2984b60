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
