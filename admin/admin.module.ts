import { AdminModule, ExpressLoader } from '@adminjs/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../src/common/config/app-config.js';
import { RateLimits } from '../src/common/http/rate-limit.js';
import { BlacklistModule } from '../src/modules/blacklist/blacklist.module.js';
import { BlacklistService } from '../src/modules/blacklist/blacklist.service.js';
import { CannedResponseModule } from '../src/modules/canned-response/canned-response.module.js';
import { CannedResponseService } from '../src/modules/canned-response/canned-response.service.js';
import { ChatModule } from '../src/modules/chat/chat.module.js';
import { TransactionQueryService } from '../src/modules/chat/transaction-query.service.js';
import { ExportModule } from '../src/modules/export/export.module.js';
import { ExportService } from '../src/modules/export/export.service.js';
import { InboxModule } from '../src/modules/inbox/inbox.module.js';
import { ApiKeyService } from '../src/modules/integration/api-key.service.js';
import { IntegrationModule } from '../src/modules/integration/integration.module.js';
import { InboxService } from '../src/modules/inbox/inbox.service.js';
import { ReportModule } from '../src/modules/report/report.module.js';
import { ReportService } from '../src/modules/report/report.service.js';
import { OrganizationModule } from '../src/modules/organization/organization.module.js';
import { OrganizationService } from '../src/modules/organization/organization.service.js';
import { UserModule } from '../src/modules/user/user.module.js';
import { UserService } from '../src/modules/user/user.service.js';
import { AdminSessionStore } from './session-store.js';

/** Provides the session store to AdminJS's factory (and closes its connection at shutdown). */
@Module({ providers: [AdminSessionStore], exports: [AdminSessionStore] })
class AdminSessionModule {}

/**
 * The AdminJS panel at /admin, for owners and admins. It reads through
 * organization-scoped resources and writes only through the domain services,
 * so a panel change is the same change as through the API (see docs/admin.md).
 * This file is imported only when ADMIN_ENABLED is true.
 */
@Module({})
export class AdminPanelModule {
  static register(): DynamicModule {
    return {
      module: AdminPanelModule,
      imports: [
        AdminModule.createAdminAsync({
          imports: [OrganizationModule, UserModule, InboxModule, ChatModule, ExportModule, CannedResponseModule, BlacklistModule, IntegrationModule, ReportModule, AdminSessionModule],
          inject: [
            AppConfig, OrganizationService, UserService, InboxService, TransactionQueryService, ExportService, CannedResponseService, BlacklistService, ApiKeyService, ReportService,
            RateLimits, AdminSessionStore,
          ],
          useFactory: async (
            config: AppConfig, organizations: OrganizationService, users: UserService, inboxes: InboxService, transactionQueries: TransactionQueryService,
            exports: ExportService, cannedResponses: CannedResponseService, blacklist: BlacklistService, apiKeys: ApiKeyService, reports: ReportService,
            rateLimits: RateLimits, sessions: AdminSessionStore,
          ) => {
            // AdminJS reads its bundle directory once, when it is first imported; the
            // default `.adminjs/` is a dot directory that Express 5 refuses to serve
            process.env.ADMIN_JS_TMP_DIR ||= config.adminBundleDir;
            const { adminModuleOptions } = await import('./admin-options.js');
            return adminModuleOptions(config, { organizations, users, inboxes, transactionQueries, exports, cannedResponses, blacklist, apiKeys, reports }, rateLimits, sessions.store);
          },
          // without it, the panel answers 404 under Test.createTestingModule
          customLoader: ExpressLoader,
        }),
      ],
    };
  }
}
