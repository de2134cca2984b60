import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerModule } from '../customer/customer.module.js';
import { Customer } from '../customer/entities/customer.entity.js';
import { InboxAgent } from '../inbox/entities/inbox-agent.entity.js';
import { Inbox } from '../inbox/entities/inbox.entity.js';
import { User } from '../user/entities/user.entity.js';
import { MessageModule } from '../message/message.module.js';
import { ChatCoreModule } from './chat-core.module.js';
import { ChatService } from './chat.service.js';
import { ChatOffer } from './entities/chat-offer.entity.js';
import { RoutingListener } from './routing.listener.js';
import { RoutingService } from './routing.service.js';
import { TransactionController } from './transaction.controller.js';
import { TransactionQueryService } from './transaction-query.service.js';
import { TransactionReadService } from './transaction-read.service.js';
import { VisitorController } from './visitor.controller.js';

/** The chat's lifecycle (start, accept, reject, complete, leave, inactivity) and its queries (detail, lists); re-exports the TXN core and the messages. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ChatOffer, Inbox, InboxAgent, User, Customer]),
    ChatCoreModule,
    MessageModule,
    CustomerModule,
  ],
  controllers: [VisitorController, TransactionController],
  providers: [ChatService, RoutingService, RoutingListener, TransactionReadService, TransactionQueryService],
  exports: [ChatService, RoutingService, TransactionReadService, TransactionQueryService, TypeOrmModule, ChatCoreModule, MessageModule],
})
export class ChatModule {}
