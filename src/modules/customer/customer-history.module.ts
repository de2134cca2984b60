import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { CustomerController } from './customer.controller.js';
import { CustomerModule } from './customer.module.js';
import { CustomerHistoryService } from './customer-history.service.js';

/**
 * The customer's REST views (`GET /customers/:id`, `/customers/:id/transactions`).
 * A module of its own because it reads transactions: CustomerModule is imported
 * by ChatModule (a chat finds or creates its customer), so it cannot import
 * ChatModule back without a cycle.
 */
@Module({
  imports: [CustomerModule, ChatModule],
  controllers: [CustomerController],
  providers: [CustomerHistoryService],
})
export class CustomerHistoryModule {}
