import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerModule } from '../customer/customer.module.js';
import { Customer } from '../customer/entities/customer.entity.js';
import { Inbox } from '../inbox/entities/inbox.entity.js';
import { User } from '../user/entities/user.entity.js';
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
    TypeOrmModule.forFeature([Inbox, User, Customer]),
    ChatCoreModule,
    MessageModule,
    RoutingModule,
    CustomerModule,
  ],
  controllers: [VisitorController, TransactionController],
  providers: [ChatService, TransactionReadService, TransactionQueryService],
  exports: [ChatService, TransactionReadService, TransactionQueryService, TypeOrmModule, ChatCoreModule, MessageModule, RoutingModule],
})
export class ChatModule {}
