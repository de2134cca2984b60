import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { ChatTransaction } from '../chat/entities/transaction.entity.js';
import { Customer } from '../customer/entities/customer.entity.js';
import { Inbox } from '../inbox/entities/inbox.entity.js';
import { Call } from '../integration/entities/call.entity.js';
import { User } from '../user/entities/user.entity.js';
import { JourneyController } from './journey.controller.js';
import { JourneyService } from './journey.service.js';
import { MessageTimelineSource } from './message-timeline.source.js';

@Module({
  imports: [TypeOrmModule.forFeature([ChatTransaction, Call, Customer, Inbox, User]), ChatModule],
  controllers: [JourneyController],
  providers: [JourneyService, MessageTimelineSource],
})
export class JourneyModule {}
