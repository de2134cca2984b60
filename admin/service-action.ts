import { BaseRecord, flat, populator, type ActionContext, type ActionHandler, type ActionRequest, type PropertyErrors, type RecordActionResponse } from 'adminjs';
import { isAdminRole, type UserPrincipal } from '../src/common/auth/principal.js';
import { DomainError, ForbiddenError, NotFoundError, UnauthorizedError } from '../src/common/errors/domain-error.js';
import type { BlacklistService } from '../src/modules/blacklist/blacklist.service.js';
import type { CannedResponseService } from '../src/modules/canned-response/canned-response.service.js';
import type { TransactionQueryService } from '../src/modules/chat/transaction-query.service.js';
import type { ExportService } from '../src/modules/export/export.service.js';
import type { InboxService } from '../src/modules/inbox/inbox.service.js';
import type { ReportService } from '../src/modules/report/report.service.js';
import type { ApiKeyService } from '../src/modules/integration/api-key.service.js';
import type { OrganizationService } from '../src/modules/organization/organization.service.js';
import type { UserService } from '../src/modules/user/user.service.js';

/** The domain services the panel reads chats through and writes through (the same ones the REST API calls). */
export interface AdminServices {
  organizations: OrganizationService;
  users: UserService;
  inboxes: InboxService;
  transactionQueries: TransactionQueryService;
  exports: ExportService;
  cannedResponses: CannedResponseService;
  blacklist: BlacklistService;
  apiKeys: ApiKeyService;
  reports: ReportService;
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
  /**
   * Values shown once in the answer and never stored (an API key): the form
   * stays on screen with them instead of moving on to the record's page.
   */
  once?: (result: { id: string }) => { params: Record<string, unknown>; message: string };
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
      const result = await options.call(caller, options.input(flat.unflatten(submitted), existing), existing?.id());
      const { id } = result;
      const stored = await resource.findOne(id, context);
      if (!stored) throw new Error(`${resource.id()} ${id} vanished after it was written`);
      const [record] = await populator([stored], context);
      if (options.once) {
        const shown = options.once(result);
        const json = record.toJSON(currentAdmin);
        return { record: { ...json, params: { ...json.params, ...shown.params } }, notice: { message: shown.message, type: 'success' } };
      }
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

/**
 * A record action (`delete`, `revoke`, ...) that calls one service method on
 * the record; a `DomainError` becomes an error notice and nothing changes.
 */
export function serviceRecordAction(
  services: AdminServices,
  options: { call: (caller: UserPrincipal, recordId: string) => Promise<unknown>; done: string; toList?: boolean },
): ActionHandler<RecordActionResponse> {
  return async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const { resource, h, currentAdmin, record } = context;
    if (!record) throw new Error('this action needs a record');
    if (request.method !== 'post') return { record: record.toJSON(currentAdmin) };
    const resourceId = resource._decorated?.id() ?? resource.id();
    try {
      await options.call(await principalOf(context, services.users), String(record.id()));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return { record: record.toJSON(currentAdmin), notice: { message: err.message, type: 'error' } };
    }
    const after = options.toList ? null : await resource.findOne(String(record.id()), context);
    return {
      record: (after ?? record).toJSON(currentAdmin),
      redirectUrl: after ? h.recordActionUrl({ resourceId, recordId: String(record.id()), actionName: 'show' }) : h.resourceUrl({ resourceId }),
      notice: { message: options.done, type: 'success' },
    };
  };
}
