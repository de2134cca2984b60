import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { DiscussionController } from './discussion.controller.js';
import { DiscussionService } from './discussion.service.js';
import { DiscussionViews } from './discussion.views.js';
import { DiscussionMessage } from './entities/discussion-message.entity.js';
import { DiscussionParticipant } from './entities/discussion-participant.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([DiscussionMessage, DiscussionParticipant]), ChatModule],
  controllers: [DiscussionController],
  providers: [DiscussionService, DiscussionViews],
  exports: [DiscussionService],
})
export class DiscussionModule {}
