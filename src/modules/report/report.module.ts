import { Module } from '@nestjs/common';
import { ReportController } from './report.controller.js';
import { ReportReadModel } from './report.read-model.js';
import { ReportService } from './report.service.js';

/** Supervisor figures: the live overview and reports (`/reports/*`); `ReportService` is also what the admin panel's home calls. */
@Module({
  controllers: [ReportController],
  providers: [ReportReadModel, ReportService],
  exports: [ReportService],
})
export class ReportModule {}
