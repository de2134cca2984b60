import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module.js';
import { InboxAgent } from '../inbox/entities/inbox-agent.entity.js';
import { User } from '../user/entities/user.entity.js';
import { DiscussionController } from './discussion.controller.js';
import { DiscussionService } from './discussion.service.js';
import { DiscussionViews } from './discussion.views.js';
import { DiscussionMessage } from './entities/discussion-message.entity.js';
import { DiscussionParticipant } from './entities/discussion-participant.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([DiscussionMessage, DiscussionParticipant, InboxAgent, User]), ChatModule],
  controllers: [DiscussionController],
  providers: [DiscussionService, DiscussionViews],
  exports: [DiscussionService],
})
export class DiscussionModule {}
