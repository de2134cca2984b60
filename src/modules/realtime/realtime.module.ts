import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { TransferModule } from '../transfer/transfer.module.js';
import { UserModule } from '../user/user.module.js';
import { AgentGateway } from './agent.gateway.js';
import { ContactRelay } from './contact.relay.js';
import { DiscussionRelay } from './discussion.relay.js';
import { RealtimeRelay } from './realtime.relay.js';
import { TransferGateway } from './transfer.gateway.js';
import { TransferRelay } from './transfer.relay.js';
import { VisitorGateway } from './visitor.gateway.js';

/** The one module that knows Socket.IO: two namespaces and the relays of domain events. */
@Module({
  imports: [ChatModule, UserModule, TransferModule],
  providers: [AgentGateway, VisitorGateway, TransferGateway, RealtimeRelay, DiscussionRelay, TransferRelay, ContactRelay],
  exports: [RealtimeRelay],
})
export class RealtimeModule {}
