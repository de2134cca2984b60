import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../common/config/app-config.js';
import { ID_SHAPE, InboxService, type PreChatRule } from '../inbox/inbox.service.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { ALLOWED_EXTENSIONS } from '../upload/file-types.js';

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

@Injectable()
export class WidgetService {
  constructor(
    private readonly inboxes: InboxService,
    private readonly settings: OrganizationSettingsService,
    private readonly config: AppConfig,
  ) {}

  async configView(id: string): Promise<WidgetConfigView> {
    const inbox = await this.inboxes.widgetFacts(id);
    const org = await this.settings.get(inbox.organizationId);
    return {
      inboxId: inbox.id,
      name: inbox.name,
      preChat: inbox.preChat,
      agentsOnline: inbox.agentsOnline,
      allowedFileTypes: ALLOWED_EXTENSIONS,
      maxUploadBytes: org.maxUploadBytes,
    };
  }

  /** `frame-ancestors` of the panel: the inbox's origins, else WIDGET_ALLOWED_ORIGINS, else any site. */
  async frameAncestors(id: string | undefined): Promise<string> {
    const inbox = id ? await this.inboxes.widgetFacts(id).catch(() => null) : null;
    const origins = inbox?.allowedOrigins ?? this.config.widgetAllowedOrigins;
    if (!origins) return '*';
    // stored origins are validated (scheme://host[:port]); the environment's are filtered the same way
    const safe = origins.split(/\s+/).filter((o) => /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(o));
    return safe.length ? safe.join(' ') : "'none'";
  }

  /** The inbox /demo embeds: the one asked for (if shaped like an id), else the oldest. */
  async demoInboxId(asked: string | undefined): Promise<string | null> {
    if (asked) return ID_SHAPE.test(asked) ? asked : null;
    return this.inboxes.oldestInboxId();
  }
}
