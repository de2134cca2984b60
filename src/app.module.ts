import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AccessModule } from './modules/inbox/access.module.js';
import { AuthCommonModule } from './common/auth/auth-common.module.js';
import { ClockModule } from './common/clock/clock.js';
import { AppConfig } from './common/config/app-config.js';
import { ConfigModule } from './common/config/config.module.js';
import { DatabaseModule } from './common/database/database.module.js';
import { DomainEventsModule } from './common/events/domain-events.js';
import { LifecycleModule } from './common/lifecycle/drain.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { RateLimitModule } from './common/http/rate-limit.js';
import { SweeperModule } from './common/scheduling/sweeper.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { BlacklistModule } from './modules/blacklist/blacklist.module.js';
import { CannedResponseModule } from './modules/canned-response/canned-response.module.js';
import { ChatModule } from './modules/chat/chat.module.js';
import { CustomerHistoryModule } from './modules/customer/customer-history.module.js';
import { CustomerModule } from './modules/customer/customer.module.js';
import { DiscussionModule } from './modules/discussion/discussion.module.js';
import { ExportModule } from './modules/export/export.module.js';
import { ReportModule } from './modules/report/report.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InboxModule } from './modules/inbox/inbox.module.js';
import { IntegrationModule } from './modules/integration/integration.module.js';
import { JourneyModule } from './modules/journey/journey.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { OrganizationSettingsModule } from './modules/organization/organization-settings.module.js';
import { OrganizationModule } from './modules/organization/organization.module.js';
import { RealtimeModule } from './modules/realtime/realtime.module.js';
import { UploadModule } from './modules/upload/upload.module.js';
import { TransferModule } from './modules/transfer/transfer.module.js';
import { UserDirectoryModule } from './modules/user/user-directory.module.js';
import { UserModule } from './modules/user/user.module.js';
import { WebModule } from './modules/web/web.module.js';

export interface AppOptions {
  /** Environment to validate (process.env by default). */
  env?: Record<string, unknown>;
}

/** Wires the modules; nothing else. */
@Module({})
export class AppModule {
  static async forRoot(options: AppOptions = {}): Promise<DynamicModule> {
    const config = ConfigModule.forRoot(options.env ?? process.env);
    const appConfig = (config.providers![0] as { useValue: AppConfig }).useValue;
    const admin = appConfig.adminEnabled ? [(await import('../admin/admin.module.js')).AdminPanelModule.register()] : [];
    return {
      module: AppModule,
      imports: [
        config,
        LoggingModule.forRoot(appConfig),
        ClockModule,
        DatabaseModule,
        DomainEventsModule,
        LifecycleModule,
        EventEmitterModule.forRoot({ wildcard: false }),
        ScheduleModule.forRoot(),
        SweeperModule,
        RateLimitModule,
        AuthCommonModule,
        UserDirectoryModule,
        OrganizationSettingsModule,
        AccessModule,
        HealthModule,
        OrganizationModule,
        UserModule,
        AuthModule,
        InboxModule,
        CustomerModule,
        ChatModule,
        TransferModule,
        RealtimeModule,
        UploadModule,
        DiscussionModule,
        IntegrationModule,
        JourneyModule,
        CannedResponseModule,
        BlacklistModule,
        CustomerHistoryModule,
        ExportModule,
        MetricsModule,
        ReportModule,
        WebModule,
        ...admin,
      ],
    };
  }
}
