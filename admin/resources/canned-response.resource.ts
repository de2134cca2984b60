import type { ResourceWithOptions } from 'adminjs';
import { CannedResponse, ORGANIZATION_SCOPE_KEY } from '../../src/modules/canned-response/entities/canned-response.entity.js';
import { OrganizationScopedResource } from '../scoped-resource.js';
import { serviceAction, serviceRecordAction, type AdminServices } from '../service-action.js';
import { readOnly } from './common.js';

/**
 * The organization's canned responses (organization scope only: personal ones
 * belong to their agents and are never listed here). Created, changed and
 * deleted with `CannedResponseService.create/update/remove`, so a duplicate
 * shortcut is refused (409 `shortcut_taken`) exactly as by the API.
 */
export function cannedResponseResource(services: AdminServices): ResourceWithOptions {
  return {
    resource: new OrganizationScopedResource(CannedResponse, 'organizationId', { scopeKey: ORGANIZATION_SCOPE_KEY }),
    options: {
      id: 'CannedResponse',
      navigation: { name: 'Chats', icon: 'MessageSquare' },
      titleProperty: 'shortcut',
      listProperties: ['shortcut', 'content', 'updatedAt'],
      showProperties: ['id', 'shortcut', 'content', 'createdAt', 'updatedAt'],
      editProperties: ['shortcut', 'content'],
      filterProperties: ['shortcut', 'content'],
      properties: {
        id: readOnly,
        organizationId: { isVisible: false },
        ownerId: { isVisible: false },
        scope: { isVisible: false },
        scopeKey: { isVisible: false },
        shortcutKey: { isVisible: false },
        shortcut: { description: 'Typed as /shortcut by agents: letters, digits, - and _; case-insensitive' },
        content: { type: 'textarea', description: 'Placeholders: {{customer.name}}, {{customer.email}}, {{customer.phone}}, {{agent.name}}, {{inbox.name}}' },
        createdAt: readOnly,
        updatedAt: { isVisible: { list: true, show: true, edit: false, filter: false } },
      },
      actions: {
        bulkDelete: { isAccessible: false },
        new: {
          handler: serviceAction('new', services, {
            input: (p) => ({ shortcut: p.shortcut, content: p.content }),
            call: (caller, input) => services.cannedResponses.create(caller, { ...input, scope: 'organization' }),
          }),
        },
        edit: {
          handler: serviceAction('edit', services, {
            input: (p) => ({ shortcut: p.shortcut, content: p.content }),
            call: (caller, input, id) => services.cannedResponses.update(caller, id!, input),
          }),
        },
        delete: {
          handler: serviceRecordAction(services, { call: (caller, id) => services.cannedResponses.remove(caller, id), done: 'successfullyDeleted', toList: true }),
        },
      },
    },
  };
}
