import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyVerifier } from '../../common/auth/api-key-verifier.js';
import { ChatModule } from '../chat/chat.module.js';
import { CustomerModule } from '../customer/customer.module.js';
import { DiscussionModule } from '../discussion/discussion.module.js';
import { ApiKeyController } from './api-key.controller.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKey } from './entities/api-key.entity.js';
import { Call } from './entities/call.entity.js';
import { Ticket } from './entities/ticket.entity.js';
import { IntegrationController } from './integration.controller.js';
import { IntegrationService } from './integration.service.js';

/**
 * Global only so that the global AuthGuard (common/auth) finds the
 * `ApiKeyVerifier` it asks about `X-Api-Key`. `ApiKeyService` is exported for
 * the admin panel, which manages keys through it; `IntegrationService` for the
 * journey, which pages a customer's calls through it.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey, Call, Ticket]), ChatModule, CustomerModule, DiscussionModule],
  controllers: [ApiKeyController, IntegrationController],
  providers: [ApiKeyService, IntegrationService, { provide: ApiKeyVerifier, useExisting: ApiKeyService }],
  exports: [ApiKeyVerifier, ApiKeyService, IntegrationService],
})
export class IntegrationModule {}
