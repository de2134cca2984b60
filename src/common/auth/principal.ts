import { ForbiddenError } from '../errors/domain-error.js';

/** An agent's role in the organization (stored on `users.role`, owned by the user module). */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  organizationId: string;
  role: Role;
  name: string;
}

export interface VisitorPrincipal {
  kind: 'visitor';
  transactionId: string;
  customerId: string;
  organizationId: string;
}

/** An integration (phone system, ticketing) calling with `X-Api-Key`. */
export interface ApiKeyPrincipal {
  kind: 'apiKey';
  apiKeyId: string;
  organizationId: string;
}

export type Principal = UserPrincipal | VisitorPrincipal | ApiKeyPrincipal;

export const isAdminRole = (role: Role) => role === 'owner' || role === 'admin';

/** Narrows a caller to an agent; integrations and visitors get 403 `agent_only`. */
export function requireUser(caller: Principal): UserPrincipal {
  if (caller.kind !== 'user') throw new AgentOnlyError();
  return caller;
}

class AgentOnlyError extends ForbiddenError {
  constructor() {
    super('This path is for agents', 'agent_only');
  }
}
