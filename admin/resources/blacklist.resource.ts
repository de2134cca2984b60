import type { ResourceWithOptions } from 'adminjs';
import { BlacklistEntry, CONTACT_TYPES } from '../../src/modules/blacklist/entities/blacklist-entry.entity.js';
import { formOptional } from '../form.js';
import { OrganizationScopedResource } from '../scoped-resource.js';
import { serviceAction, serviceRecordAction, type AdminServices } from '../service-action.js';
import { readOnly } from './common.js';

/**
 * The organization's blacklist: who blocked what, when and why. A block is
 * created with `BlacklistService.block` (value normalized and checked, 409
 * `already_blocked`), lifted (deleted) with `BlacklistService.lift`; entries
 * are never edited, as in the API.
 */
export function blacklistResource(services: AdminServices): ResourceWithOptions {
  return {
    resource: new OrganizationScopedResource(BlacklistEntry, 'organizationId'),
    options: {
      id: 'Blacklist',
      navigation: { name: 'Chats', icon: 'MessageSquare' },
      titleProperty: 'value',
      listProperties: ['type', 'value', 'reason', 'createdById', 'createdAt'],
      showProperties: ['id', 'type', 'value', 'reason', 'createdById', 'createdAt', 'sourceTransactionId'],
      editProperties: ['type', 'value', 'reason'],
      filterProperties: ['type', 'value', 'createdById'],
      properties: {
        id: readOnly,
        organizationId: { isVisible: false },
        type: { availableValues: CONTACT_TYPES.map((t) => ({ value: t, label: t })) },
        value: { description: 'An email address or a phone number; stored normalized' },
        reason: { description: 'Why (optional); kept with the entry' },
        createdById: { type: 'reference', reference: 'User', isVisible: { list: true, show: true, edit: false, filter: true } },
        createdAt: { isVisible: { list: true, show: true, edit: false, filter: false } },
        sourceTransactionId: { isVisible: { list: false, show: true, edit: false, filter: false } },
      },
      actions: {
        bulkDelete: { isAccessible: false },
        edit: { isAccessible: false },
        new: {
          handler: serviceAction('new', services, {
            input: (p) => ({ type: p.type, value: p.value, reason: formOptional(p.reason) }),
            call: (caller, input) => services.blacklist.block(caller, input),
          }),
        },
        delete: {
          handler: serviceRecordAction(services, { call: (caller, id) => services.blacklist.lift(caller, id), done: 'The block is lifted', toList: true }),
        },
      },
    },
  };
}
