import type { CallDirection, CallStatus } from './entities/call.entity.js';
import type { Call } from './entities/call.entity.js';
import type { Ticket, TicketStatus } from './entities/ticket.entity.js';
import type { ApiKey } from './entities/api-key.entity.js';
import { iso } from '../../common/views/format.js';


export interface CallView {
  id: string;
  transactionId: string;
  customerId: string;
  agentId: string | null;
  agent: { id: string; name: string } | null;
  direction: CallDirection;
  status: CallStatus;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  outcome: string | null;
  externalId: string | null;
  createdBy: { type: string; id: string | null };
  createdAt: string;
}

export interface TicketView {
  id: string;
  transactionId: string;
  customerId: string;
  subject: string;
  status: TicketStatus;
  customer: { name: string | null; email: string | null; phone: string | null };
  externalId: string | null;
  createdBy: { type: string; id: string | null };
  createdAt: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdById: string;
  createdAt: string;
  revokedAt: string | null;
}

export const callView = (c: Call, agentName?: string | null): CallView => ({
  id: c.id,
  transactionId: c.transactionId,
  customerId: c.customerId,
  agentId: c.agentId,
  agent: c.agentId ? { id: c.agentId, name: agentName ?? '' } : null,
  direction: c.direction,
  status: c.status,
  startedAt: iso(c.startedAt)!,
  endedAt: iso(c.endedAt),
  durationSeconds: c.durationSeconds,
  outcome: c.outcome,
  externalId: c.externalId,
  createdBy: { type: c.createdByType, id: c.createdById },
  createdAt: iso(c.createdAt)!,
});

export const ticketView = (t: Ticket): TicketView => ({
  id: t.id,
  transactionId: t.transactionId,
  customerId: t.customerId,
  subject: t.subject,
  status: t.status,
  customer: { name: t.customerName, email: t.customerEmail, phone: t.customerPhone },
  externalId: t.externalId,
  createdBy: { type: t.createdByType, id: t.createdById },
  createdAt: iso(t.createdAt)!,
});

export const apiKeyView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdById: k.createdById,
  createdAt: iso(k.createdAt)!,
  revokedAt: iso(k.revokedAt),
});
