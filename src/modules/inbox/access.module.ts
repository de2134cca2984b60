import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InboxAgent } from './entities/inbox-agent.entity.js';
import { Inbox } from './entities/inbox.entity.js';
import { AccessService } from './access.service.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Inbox, InboxAgent])],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
