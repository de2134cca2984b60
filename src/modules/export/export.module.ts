import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { CustomerModule } from '../customer/customer.module.js';
import { ExportController } from './export.controller.js';
import { ExportService } from './export.service.js';

/** CSV export of completed chats and transcripts; `ExportService` is also what the admin panel calls. */
@Module({
  imports: [ChatModule, CustomerModule],
  controllers: [ExportController],
  providers: [ExportService],
  exports: [ExportService],
})
export class ExportModule {}
