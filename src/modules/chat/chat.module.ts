import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerModule } from '../customer/customer.module.js';
import { Customer } from '../customer/entities/customer.entity.js';
import { InboxAgent } from '../inbox/entities/inbox-agent.entity.js';
import { Inbox } from '../inbox/entities/inbox.entity.js';
import { User } from '../user/entities/user.entity.js';
import { ChatAccess } from './chat-access.service.js';
import { ChatService } from './chat.service.js';
import { ChatViews } from './chat.views.js';
import { ChatOffer } from './entities/chat-offer.entity.js';
import { Message } from './entities/message.entity.js';
import { TransactionEvent } from './entities/transaction-event.entity.js';
import { ChatTransaction } from './entities/transaction.entity.js';
import { MessageService } from './message.service.js';
import { RoutingListener } from './routing.listener.js';
import { RoutingService } from './routing.service.js';
import { TransactionController } from './transaction.controller.js';
import { TransactionQueryService } from './transaction-query.service.js';
import { TransactionReadService } from './transaction-read.service.js';
import { VisitorController } from './visitor.controller.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([ChatTransaction, Message, TransactionEvent, ChatOffer, Inbox, InboxAgent, User, Customer]),
    CustomerModule,
  ],
  controllers: [VisitorController, TransactionController],
  providers: [ChatService, ChatAccess, ChatViews, MessageService, RoutingService, RoutingListener, TransactionReadService, TransactionQueryService],
  exports: [ChatService, ChatAccess, ChatViews, MessageService, RoutingService, TransactionReadService, TransactionQueryService, TypeOrmModule],
})
export class ChatModule {}
