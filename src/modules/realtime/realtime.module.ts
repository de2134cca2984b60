import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { UserModule } from '../user/user.module.js';
import { AgentGateway } from './agent.gateway.js';
import { DiscussionRelay } from './discussion.relay.js';
import { RealtimeRelay } from './realtime.relay.js';
import { VisitorGateway } from './visitor.gateway.js';

/** The one module that knows Socket.IO: two namespaces and the relay of domain events. */
@Module({
  imports: [ChatModule, UserModule],
  providers: [AgentGateway, VisitorGateway, RealtimeRelay, DiscussionRelay],
})
export class RealtimeModule {}
