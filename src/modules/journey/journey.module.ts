import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { CustomerModule } from '../customer/customer.module.js';
import { IntegrationModule } from '../integration/integration.module.js';
import { JourneyController } from './journey.controller.js';
import { JourneyService } from './journey.service.js';
import { MessageTimelineSource } from './message-timeline.source.js';

@Module({
  imports: [ChatModule, CustomerModule, IntegrationModule],
  controllers: [JourneyController],
  providers: [JourneyService, MessageTimelineSource],
})
export class JourneyModule {}
