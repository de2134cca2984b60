import { BaseRecord, flat, populator, type ActionContext, type ActionHandler, type ActionRequest, type PropertyErrors, type RecordActionResponse } from 'adminjs';
import { isAdminRole, type UserPrincipal } from '../src/common/auth/principal.js';
import { DomainError, ForbiddenError, NotFoundError, UnauthorizedError } from '../src/common/errors/domain-error.js';
import type { InboxService } from '../src/modules/inbox/inbox.service.js';
import type { OrganizationService } from '../src/modules/organization/organization.service.js';
import type { UserService } from '../src/modules/user/user.service.js';

/** The domain services the panel writes through (the same ones the REST API calls). */
export interface AdminServices {
  organizations: OrganizationService;
  users: UserService;
  inboxes: InboxService;
}

/** What the session keeps about the logged-in admin (set at login, see `admin-options.ts`). */
export interface AdminSession {
  id: string;
  email: string;
  title: string;
  organizationId: string;
}

/**
 * The logged-in admin as a service caller. The role is read again rather than
 * trusted from the session, so that a demotion applies at once.
 */
export async function principalOf(context: ActionContext, users: UserService): Promise<UserPrincipal> {
  const session = context.currentAdmin as AdminSession | undefined;
  if (!session?.id || !session.organizationId) throw new UnauthorizedError();
  const user = await users.find(session.organizationId, session.id).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new UnauthorizedError('This account no longer exists', 'invalid_session') : err;
  });
  if (!isAdminRole(user.role)) throw new ForbiddenError('Only owners and admins may use the admin panel', 'admin_only');
  return { kind: 'user', userId: user.id, organizationId: user.organizationId, role: user.role, name: user.name };
}

export interface ServiceActionOptions {
  /** Turns the submitted form (AdminJS params, unflattened) into the service's input: only the fields the API takes. */
  input: (params: Record<string, unknown>, record?: BaseRecord) => Record<string, unknown>;
  /** Calls the service(s) and answers the id of the created or changed record. */
  call: (caller: UserPrincipal, input: Record<string, unknown>, recordId?: string) => Promise<{ id: string }>;
}

/** Form fields that are never echoed back to the browser. */
const SECRET_PARAMS = ['password'];

/**
 * Wraps a service call into an AdminJS `new` or `edit` action handler, so a
 * panel change is exactly the API change: same validation, same rules, same
 * events. A `DomainError` (e.g. `validation_failed`) becomes an error notice
 * and per-field messages on the form; nothing is stored.
 */
export function serviceAction(kind: 'new' | 'edit', services: AdminServices, options: ServiceActionOptions): ActionHandler<RecordActionResponse> {
  return async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const { resource, h, currentAdmin } = context;
    const existing = context.record;
    if (kind === 'edit' && !existing) throw new Error('edit needs a record');
    if (request.method !== 'post') {
      if (kind === 'edit') return { record: existing!.toJSON(currentAdmin) };
      throw new Error('new can only be posted');
    }
    const submitted: Record<string, unknown> = { ...(request.payload ?? {}) };
    try {
      const caller = await principalOf(context, services.users);
      const { id } = await options.call(caller, options.input(flat.unflatten(submitted), existing), existing?.id());
      const stored = await resource.findOne(id, context);
      if (!stored) throw new Error(`${resource.id()} ${id} vanished after it was written`);
      const [record] = await populator([stored], context);
      return {
        redirectUrl: h.recordActionUrl({ resourceId: resource._decorated?.id() ?? resource.id(), recordId: id, actionName: 'show' }),
        notice: { message: kind === 'new' ? 'successfullyCreated' : 'successfullyUpdated', type: 'success' },
        record: record.toJSON(currentAdmin),
      };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const errors = fieldErrors(err, Object.keys(flat.unflatten(submitted) as object));
      for (const key of SECRET_PARAMS) delete submitted[key];
      const record = existing ?? new BaseRecord({}, resource);
      record.storeParams(submitted);
      record.errors = errors;
      return { record: record.toJSON(currentAdmin), notice: { message: err.message, type: 'error' } };
    }
  };
}

/** Validation messages start with the field they are about ("maxUploadBytes must not be less than 1024"). */
function fieldErrors(err: DomainError, fields: string[]): PropertyErrors {
  const messages = Array.isArray(err.details) ? err.details.filter((d): d is string => typeof d === 'string') : [];
  const errors: PropertyErrors = {};
  for (const message of messages) {
    const field = fields.find((f) => message.startsWith(`${f} `) || message.startsWith(`${f}:`));
    if (field) errors[field] = { type: err.code, message };
  }
  return errors;
}
