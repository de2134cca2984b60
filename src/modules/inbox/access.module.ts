import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxAgent } from './entities/inbox-agent.entity.js';
import { Inbox } from './entities/inbox.entity.js';
import { AccessService } from './access.service.js';
import { InboxDirectoryService } from './inbox-directory.service.js';

/** Global: the access rule and the inbox directory (facts, names, memberships) are read by most modules. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Inbox, InboxAgent])],
  providers: [AccessService, InboxDirectoryService],
  exports: [AccessService, InboxDirectoryService],
})
export class AccessModule {}
