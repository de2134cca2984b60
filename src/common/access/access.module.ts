import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxAgent } from '../../modules/inbox/entities/inbox-agent.entity.js';
import { Inbox } from '../../modules/inbox/entities/inbox.entity.js';
import { Organization } from '../../modules/organization/entities/organization.entity.js';
import { User } from '../../modules/user/entities/user.entity.js';
import { AccessService } from './access.service.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Organization, Inbox, InboxAgent, User])],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
