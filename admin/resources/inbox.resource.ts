import type { Filter, ActionContext, BaseRecord, ResourceWithOptions } from 'adminjs';
import { In } from 'typeorm';
import { validateInput } from '../../src/common/errors/validation.js';
import { SetInboxAgentsDto, UpdateInboxDto } from '../../src/modules/inbox/dto/inbox.dto.js';
import { InboxAgent } from '../../src/modules/inbox/entities/inbox-agent.entity.js';
import { Inbox } from '../../src/modules/inbox/entities/inbox.entity.js';
import { formIdList } from '../form.js';
import { OrganizationScopedResource } from '../scoped-resource.js';
import { serviceAction, type AdminServices } from '../service-action.js';
import { NO_DELETE, readOnly } from './common.js';

/** Inboxes, each shown with its agents (`agentIds`, a virtual list of User references). */
class InboxResource extends OrganizationScopedResource {
  constructor() {
    super(Inbox, 'organizationId');
  }

  override async find(filter: Filter, options: Parameters<OrganizationScopedResource['find']>[1], context?: ActionContext) {
    return this.withAgents(await super.find(filter, options, context));
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext) {
    return this.withAgents(await super.findMany(ids, context));
  }

  private async withAgents(records: BaseRecord[]): Promise<BaseRecord[]> {
    if (!records.length) return records;
    const rows = await InboxAgent.find({ where: { inboxId: In(records.map((r) => String(r.id()))) }, order: { createdAt: 'ASC' } });
    for (const record of records) record.storeParams({ agentIds: rows.filter((r) => r.inboxId === record.id()).map((r) => r.userId) });
    return records;
  }
}

/**
 * Inboxes of the admin's organization and their agents. Created and changed
 * with `InboxService.create/update`, agents set with `InboxService.setAgents`.
 */
export function inboxResource(services: AdminServices): ResourceWithOptions {
  return {
    resource: new InboxResource(),
    options: {
      id: 'Inbox',
      navigation: { name: 'Configuration', icon: 'Settings' },
      titleProperty: 'name',
      listProperties: ['name', 'autoAssign', 'agentIds', 'createdAt'],
      showProperties: ['id', 'name', 'autoAssign', 'agentIds', 'preChatName', 'preChatEmail', 'preChatPhone', 'allowedOrigins', 'createdAt', 'updatedAt'],
      editProperties: ['name', 'autoAssign', 'agentIds', 'preChatName', 'preChatEmail', 'preChatPhone', 'allowedOrigins'],
      filterProperties: ['name', 'autoAssign'],
      properties: {
        id: readOnly,
        organizationId: { isVisible: false },
        agentIds: { type: 'reference', reference: 'User', isArray: true, isSortable: false, isVisible: { list: true, show: true, edit: true, filter: false }, description: 'The agents who work this inbox' },
        preChatName: { availableValues: [{ value: 'off', label: 'Not asked' }, { value: 'optional', label: 'Optional' }, { value: 'required', label: 'Required' }], description: 'Widget pre-chat form: the visitor\'s name' },
        preChatEmail: { availableValues: [{ value: 'off', label: 'Not asked' }, { value: 'optional', label: 'Optional' }, { value: 'required', label: 'Required' }], description: 'Widget pre-chat form: the email' },
        preChatPhone: { availableValues: [{ value: 'off', label: 'Not asked' }, { value: 'optional', label: 'Optional' }, { value: 'required', label: 'Required' }], description: 'Widget pre-chat form: the phone' },
        allowedOrigins: { type: 'string', description: 'Sites allowed to embed the widget (e.g. https://www.example.com), separated by spaces; empty: any site' },
        createdAt: { isVisible: { list: true, show: true, edit: false, filter: false } },
        updatedAt: readOnly,
      },
      actions: {
        ...NO_DELETE,
        new: {
          handler: serviceAction('new', services, {
            input: (p) => ({ name: p.name, autoAssign: p.autoAssign, preChatName: p.preChatName, preChatEmail: p.preChatEmail, preChatPhone: p.preChatPhone, allowedOrigins: p.allowedOrigins, agentIds: formIdList(p.agentIds) }),
            call: async (caller, { agentIds, ...fields }) => {
              // the agent list is checked before the inbox exists, so a malformed list creates nothing
              const agents = agentIds === undefined ? undefined : await validateInput(SetInboxAgentsDto, { userIds: agentIds });
              const inbox = await services.inboxes.create(caller, fields);
              if (agents?.userIds.length) await services.inboxes.setAgents(caller, inbox.id, agents);
              return inbox;
            },
          }),
        },
        edit: {
          handler: serviceAction('edit', services, {
            input: (p) => ({ name: p.name, autoAssign: p.autoAssign, preChatName: p.preChatName, preChatEmail: p.preChatEmail, preChatPhone: p.preChatPhone, allowedOrigins: p.allowedOrigins, agentIds: formIdList(p.agentIds) }),
            call: async (caller, { agentIds, ...fields }, id) => {
              // both inputs are checked before either is applied, so a refused form changes nothing
              await validateInput(UpdateInboxDto, fields);
              if (agentIds !== undefined) await services.inboxes.setAgents(caller, id!, { userIds: agentIds });
              return services.inboxes.update(caller, id!, fields);
            },
          }),
        },
      },
    },
  };
}
