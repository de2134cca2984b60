import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../common/config/app-config.js';
import { NotFoundError } from '../../common/errors/domain-error.js';
import { InboxAgent } from '../inbox/entities/inbox-agent.entity.js';
import { Inbox, type PreChatRule } from '../inbox/entities/inbox.entity.js';
import { Organization } from '../organization/entities/organization.entity.js';
import { ALLOWED_EXTENSIONS } from '../upload/file-types.js';
import { User } from '../user/entities/user.entity.js';

/** What the widget needs before a chat exists: public, no token (GET /visitor/inboxes/:id/config). */
export interface WidgetConfigView {
  inboxId: string;
  name: string;
  preChat: { name: PreChatRule; email: PreChatRule; phone: PreChatRule };
  /** Whether at least one agent of the inbox is online now. */
  agentsOnline: boolean;
  /** File extensions a visitor may send (without the dot). */
  allowedFileTypes: string[];
  maxUploadBytes: number;
}

/** Ids look like UUIDs; anything else is not an inbox (and never reaches HTML or a header). */
const ID = /^[A-Za-z0-9-]{1,36}$/;

@Injectable()
export class WidgetService {
  constructor(
    @InjectRepository(Inbox) private readonly inboxes: Repository<Inbox>,
    @InjectRepository(InboxAgent) private readonly inboxAgents: Repository<InboxAgent>,
    @InjectRepository(Organization) private readonly orgs: Repository<Organization>,
    private readonly config: AppConfig,
  ) {}

  async inbox(id: string): Promise<Inbox> {
    const inbox = ID.test(id) ? await this.inboxes.findOneBy({ id }) : null;
    if (!inbox) throw new NotFoundError('Inbox', 'inbox_not_found');
    return inbox;
  }

  async configView(id: string): Promise<WidgetConfigView> {
    const inbox = await this.inbox(id);
    const online = await this.inboxAgents
      .createQueryBuilder('ia')
      .innerJoin(User, 'u', 'u.id = ia.userId')
      .where('ia.inboxId = :id', { id: inbox.id })
      .andWhere('u.presence = :online', { online: 'online' })
      .getCount();
    const org = await this.orgs.findOne({ where: { id: inbox.organizationId }, select: ['id', 'maxUploadBytes'] });
    return {
      inboxId: inbox.id,
      name: inbox.name,
      preChat: { name: inbox.preChatName, email: inbox.preChatEmail, phone: inbox.preChatPhone },
      agentsOnline: online > 0,
      allowedFileTypes: ALLOWED_EXTENSIONS,
      maxUploadBytes: org!.maxUploadBytes,
    };
  }

  /** `frame-ancestors` of the panel: the inbox's origins, else WIDGET_ALLOWED_ORIGINS, else any site. */
  async frameAncestors(id: string | undefined): Promise<string> {
    const inbox = id && ID.test(id) ? await this.inboxes.findOneBy({ id }) : null;
    const origins = inbox?.allowedOrigins ?? this.config.widgetAllowedOrigins;
    if (!origins) return '*';
    // stored origins are validated (scheme://host[:port]); the environment's are filtered the same way
    const safe = origins.split(/\s+/).filter((o) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(o));
    return safe.length ? safe.join(' ') : "'none'";
  }

  /** The inbox /demo embeds: the one asked for, else the oldest (the demo inbox "Website" on a fresh install). */
  async demoInboxId(asked: string | undefined): Promise<string | null> {
    if (asked) return ID.test(asked) ? asked : null;
    const first = await this.inboxes.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: 1, select: ['id'] });
    return first[0]?.id ?? null;
  }
}
