import { Module } from '@nestjs/common';
import { CustomerModule } from '../customer/customer.module.js';
import { MessageModule } from '../message/message.module.js';
import { RoutingModule } from '../routing/routing.module.js';
import { ChatCoreModule } from './chat-core.module.js';
import { ChatService } from './chat.service.js';
import { TransactionController } from './transaction.controller.js';
import { TransactionQueryService } from './transaction-query.service.js';
import { TransactionReadService } from './transaction-read.service.js';
import { VisitorController } from './visitor.controller.js';

/** The chat's lifecycle (start, accept, reject, complete, leave, inactivity) and its queries (detail, lists); re-exports the TXN core, the messages and the routing. */
@Module({
  imports: [
    ChatCoreModule,
    MessageModule,
    RoutingModule,
    CustomerModule,
  ],
  controllers: [VisitorController, TransactionController],
  providers: [ChatService, TransactionReadService, TransactionQueryService],
  exports: [ChatService, TransactionReadService, TransactionQueryService, ChatCoreModule, MessageModule, RoutingModule],
})
export class ChatModule {}
