import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({ imports: [ChatModule, RealtimeModule], controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule {}
