import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { DomainEventMap } from '../../common/events/domain-events.js';
import { RoutingService } from './routing.service.js';
import '../inbox/inbox.events.js';
import '../organization/organization.events.js';
import '../user/user.events.js';

/** Whatever frees or adds capacity drains the backlog, oldest chats first. */
@Injectable()
export class RoutingListener {
  constructor(private readonly routing: RoutingService) {}

  @OnEvent('agent.presence', { async: true, promisify: true, suppressErrors: true })
  async onPresence(e: DomainEventMap['agent.presence']) {
    if (e.presence === 'online') await this.routing.drainForAgent(e.userId);
  }

  @OnEvent('inbox.agents.changed', { async: true, promisify: true, suppressErrors: true })
  async onAgentsChanged(e: DomainEventMap['inbox.agents.changed']) {
    if (e.added.length) await this.routing.drain([e.inboxId]);
  }

  @OnEvent('user.updated', { async: true, promisify: true, suppressErrors: true })
  async onUserUpdated(e: DomainEventMap['user.updated']) {
    await this.routing.drainForAgent(e.userId);
  }

  @OnEvent('organization.updated', { async: true, promisify: true, suppressErrors: true })
  async onOrganizationUpdated(e: DomainEventMap['organization.updated']) {
    await this.routing.drainOrganization(e.organization.id);
  }
}
