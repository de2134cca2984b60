import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({ imports: [RealtimeModule], controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule {}
