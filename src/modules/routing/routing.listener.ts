import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ASYNC_LISTENER, type DomainEventMap } from '../../common/events/domain-events.js';
import { RoutingService } from './routing.service.js';
import '../inbox/inbox.events.js';
import '../organization/organization.events.js';
import '../user/user.events.js';

/** Whatever frees or adds capacity drains the backlog, oldest chats first. */
@Injectable()
export class RoutingListener {
  constructor(private readonly routing: RoutingService) {}

  @OnEvent('agent.presence', ASYNC_LISTENER)
  async onPresence(e: DomainEventMap['agent.presence']) {
    if (e.presence === 'online') await this.routing.drainForAgent(e.userId);
  }

  @OnEvent('inbox.agents.changed', ASYNC_LISTENER)
  async onAgentsChanged(e: DomainEventMap['inbox.agents.changed']) {
    if (e.added.length) await this.routing.drain([e.inboxId]);
  }

  @OnEvent('user.updated', ASYNC_LISTENER)
  async onUserUpdated(e: DomainEventMap['user.updated']) {
    await this.routing.drainForAgent(e.userId);
  }

  @OnEvent('organization.updated', ASYNC_LISTENER)
  async onOrganizationUpdated(e: DomainEventMap['organization.updated']) {
    await this.routing.drainOrganization(e.organization.id);
  }
}
