import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { Customer } from '../customer/entities/customer.entity.js';
import { Inbox } from '../inbox/entities/inbox.entity.js';
import { CannedResponseController } from './canned-response.controller.js';
import { CannedResponseService } from './canned-response.service.js';
import { CannedResponse } from './entities/canned-response.entity.js';

/** Canned responses; registers the `/shortcut` expansion of agent messages with the chat module. */
@Module({
  imports: [TypeOrmModule.forFeature([CannedResponse, Customer, Inbox]), ChatModule],
  controllers: [CannedResponseController],
  providers: [CannedResponseService],
  exports: [CannedResponseService],
})
export class CannedResponseModule {}
