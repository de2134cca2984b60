import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { ChatTransaction } from '../chat/entities/transaction.entity.js';
import { CustomerModule } from '../customer/customer.module.js';
import { Call } from '../integration/entities/call.entity.js';
import { JourneyController } from './journey.controller.js';
import { JourneyService } from './journey.service.js';
import { MessageTimelineSource } from './message-timeline.source.js';

@Module({
  imports: [TypeOrmModule.forFeature([ChatTransaction, Call]), ChatModule, CustomerModule],
  controllers: [JourneyController],
  providers: [JourneyService, MessageTimelineSource],
})
export class JourneyModule {}
