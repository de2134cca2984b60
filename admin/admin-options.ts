import type { AdminModuleOptions } from '@adminjs/nestjs';
import AdminJS, { ComponentLoader } from 'adminjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request } from 'express';
import type { Store } from 'express-session';
import { isAdminRole } from '../src/common/auth/principal.js';
import type { AppConfig } from '../src/common/config/app-config.js';
import { DomainError } from '../src/common/errors/domain-error.js';
import type { RateLimits } from '../src/common/http/rate-limit.js';
import { apiKeyResource } from './resources/api-key.resource.js';
import { blacklistResource } from './resources/blacklist.resource.js';
import { cannedResponseResource } from './resources/canned-response.resource.js';
import { completedChatResource } from './resources/completed-chat.resource.js';
import { inboxResource } from './resources/inbox.resource.js';
import { organizationResource } from './resources/organization.resource.js';
import { userResource } from './resources/user.resource.js';
import { dashboardHandler, reportsHandler } from './supervisor-pages.js';
import type { AdminServices, AdminSession } from './service-action.js';
import { ADMIN_SESSION_TTL_SECONDS } from './session-store.js';

/**
 * Everything AdminJS needs: resources, login, session.
 *
 * Adding a resource (canned responses, blacklist, completed chats, ...):
 *  1. write `resources/<name>.resource.ts` exporting `<name>Resource(services)`:
 *     an `OrganizationScopedResource` over the entity (so every read is limited
 *     to the admin's organization) and, for each action that changes data, a
 *     handler made with `serviceAction('new' | 'edit', services, { input, call })`
 *     that calls the domain service the REST API calls; disable the actions
 *     that have no service (`delete`, `bulkDelete`, ...). A read-only custom
 *     action such as an export is a plain AdminJS action whose handler calls
 *     the service with `principalOf(context, services.users)`.
 *     Resources showing chat content (completed chats, exports) must also
 *     limit inboxes with `AccessService.inboxScope` (the Contact Center license rule);
 *  2. add the service to `AdminServices` and to `inject` in `admin.module.ts`
 *     (export it from its module if needed);
 *  3. list the resource below and describe it in docs/admin.md.
 */
export function adminModuleOptions(config: AppConfig, services: AdminServices, rateLimits: RateLimits, store?: Store): AdminModuleOptions {
  // @adminjs/nestjs always calls `admin.watch()`, a rollup file watcher that
  // outlives the application (and crashes jest after teardown). It only helps
  // while writing custom components; in tests and production the component
  // bundle is built on demand (or at start in production) instead.
  if (config.env.NODE_ENV !== 'development') AdminJS.prototype.watch = async () => undefined;

  const componentLoader = new ComponentLoader();
  const exportCsvComponent = componentLoader.add('ExportCsv', componentFile('export-csv.jsx'));
  const units = {
    list: componentLoader.add('UnitList', componentFile('unit-list.jsx')),
    show: componentLoader.add('UnitShow', componentFile('unit-show.jsx')),
    edit: componentLoader.add('UnitEdit', componentFile('unit-edit.jsx')),
    licenseEdit: componentLoader.add('LicenseEdit', componentFile('license-edit.jsx')),
  };
  const dashboardComponent = componentLoader.add('Dashboard', componentFile('dashboard.jsx'));
  const reportsComponent = componentLoader.add('Reports', componentFile('reports.jsx'));

  return {
    adminJsOptions: {
      rootPath: '/admin',
      loginPath: '/admin/login',
      logoutPath: '/admin/logout',
      branding: { companyName: 'Switchboard', withMadeWithLove: false, logo: false },
      componentLoader,
      // the home is the supervisor's live overview instead of AdminJS's welcome page
      dashboard: { component: dashboardComponent, handler: dashboardHandler(services) },
      pages: { Reports: { component: reportsComponent, handler: reportsHandler(services), icon: 'BarChart2' } },
      locale: {
        language: 'en',
        translations: {
          en: {
            resources: {
              Organization: {
                properties: {
                  contactCenterLicense: 'Contact Center license',
                  maxActiveChatsPerAgent: 'Active chats per agent',
                  offerTimeoutSeconds: 'Offer timeout',
                  transferTimeoutSeconds: 'Transfer timeout',
                  assignedInactivitySeconds: 'Inactivity end (assigned chat)',
                  waitingInactivitySeconds: 'Inactivity end (waiting chat)',
                  maxUploadBytes: 'Upload size limit',
                },
              },
              CompletedChat: { actions: { exportCsv: 'Export CSV' }, properties: { messageSeq: 'Messages', endedByType: 'Ended by' } },
              Blacklist: { actions: { delete: 'Lift' }, properties: { createdById: 'Blocked by', createdAt: 'Blocked at', sourceTransactionId: 'Blocked from chat' } },
              ApiKey: { actions: { revoke: 'Revoke' }, properties: { createdById: 'Created by', revokedById: 'Revoked by' } },
            },
          },
        },
      },
      resources: [
        organizationResource(services, units),
        userResource(services),
        inboxResource(services),
        apiKeyResource(services),
        completedChatResource(services, exportCsvComponent),
        cannedResponseResource(services),
        blacklistResource(services),
      ],
    },
    auth: {
      cookieName: 'switchboard_admin',
      cookiePassword: config.adminCookieSecret,
      authenticate: (email, password, ctx) => authenticate(services, rateLimits, email, password, ctx?.req as Request | undefined),
    },
    sessionOptions: {
      secret: config.adminCookieSecret,
      store,
      resave: false,
      saveUninitialized: false,
      // `lax`: the panel's state-changing POSTs never carry the cookie from another site
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/admin', maxAge: ADMIN_SESSION_TTL_SECONDS * 1000 },
    },
  };
}

/**
 * Login with an account of the `users` table, under the same rate limit as the
 * API login. Members are refused with a message (thrown errors are shown on the
 * login page); wrong credentials get AdminJS's own message (`null`).
 */
async function authenticate(services: AdminServices, rateLimits: RateLimits, email: unknown, password: unknown, req?: Request): Promise<AdminSession | null> {
  try {
    await rateLimits.consume('login', `ip:${req?.ip ?? 'unknown'}`);
  } catch (err) {
    if (err instanceof DomainError) throw new Error(err.message);
    throw err;
  }
  if (typeof email !== 'string' || typeof password !== 'string') return null;
  const user = await services.users.verifyCredentials(email, password);
  if (!user) return null;
  if (!isAdminRole(user.role)) throw new Error('Only owners and admins may sign in to the admin panel');
  return { id: user.id, email: user.email, title: user.name, organizationId: user.organizationId };
}

/**
 * Custom components are bundled from their sources (`admin/components`): next
 * to this file when run from the sources, else under the working directory
 * (the compiled build runs from the repository root, where they are).
 */
function componentFile(name: string): string {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), 'components', name);
  return fs.existsSync(beside) ? beside : path.resolve('admin', 'components', name);
}
