import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatCoreModule } from '../chat/chat-core.module.js';
import { Message } from './entities/message.entity.js';
import { MessageService } from './message.service.js';
import { MessageViews } from './message.views.js';
import { MessageWriter } from './message-writer.js';

/** Messages: send (agent, visitor), the group-commit writer, pages and sync, message views. Owns `messages`. */
@Module({
  imports: [TypeOrmModule.forFeature([Message]), ChatCoreModule],
  providers: [MessageService, MessageWriter, MessageViews],
  exports: [MessageService, MessageViews],
})
export class MessageModule {}
