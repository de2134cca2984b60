import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { CustomerModule } from '../customer/customer.module.js';
import { CannedResponseController } from './canned-response.controller.js';
import { CannedResponseService } from './canned-response.service.js';
import { CannedResponse } from './entities/canned-response.entity.js';

/** Canned responses; registers the `/shortcut` expansion of agent messages with the chat module. */
@Module({
  imports: [TypeOrmModule.forFeature([CannedResponse]), ChatModule, CustomerModule],
  controllers: [CannedResponseController],
  providers: [CannedResponseService],
  exports: [CannedResponseService],
})
export class CannedResponseModule {}
