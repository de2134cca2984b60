import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatCoreModule } from '../chat/chat-core.module.js';
import { ChatOffer } from './entities/chat-offer.entity.js';
import { RoutingListener } from './routing.listener.js';
import { RoutingService } from './routing.service.js';

/** Routing: offers of waiting chats to agents under the capacity limit, offer expiry, the waiting queue. Owns `chat_offers`. */
@Module({
  imports: [TypeOrmModule.forFeature([ChatOffer]), ChatCoreModule],
  providers: [RoutingService, RoutingListener],
  exports: [RoutingService],
})
export class RoutingModule {}
