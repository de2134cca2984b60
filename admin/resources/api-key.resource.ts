import type { ResourceWithOptions } from 'adminjs';
import { validateInput } from '../../src/common/errors/validation.js';
import { CreateApiKeyDto } from '../../src/modules/integration/dto/integration.dto.js';
import { ApiKey } from '../../src/modules/integration/entities/api-key.entity.js';
import { OrganizationScopedResource } from '../scoped-resource.js';
import { serviceAction, serviceRecordAction, type AdminServices } from '../service-action.js';
import { NO_DELETE, readOnly } from './common.js';

/**
 * The organization's API keys for integrations. Created with
 * `ApiKeyService.create`: the key is in that one answer, shown on the form
 * once, and never again (only its hash is stored, never read by the panel).
 * Revoked with `ApiKeyService.revoke`; a revoked key stays listed.
 */
export function apiKeyResource(services: AdminServices): ResourceWithOptions {
  return {
    resource: new OrganizationScopedResource(ApiKey, 'organizationId'),
    options: {
      id: 'ApiKey',
      navigation: { name: 'Configuration', icon: 'Settings' },
      titleProperty: 'name',
      listProperties: ['name', 'prefix', 'createdById', 'createdAt', 'revokedAt'],
      showProperties: ['id', 'name', 'prefix', 'createdById', 'createdAt', 'revokedAt', 'revokedById'],
      editProperties: ['name', 'key'],
      filterProperties: ['name'],
      properties: {
        id: readOnly,
        organizationId: { isVisible: false },
        keyHash: { isVisible: false },
        prefix: { description: "The key's first characters, to tell keys apart", isVisible: { list: true, show: true, edit: false, filter: false } },
        key: {
          type: 'string',
          isDisabled: true,
          isSortable: false,
          description: 'Shown once, right after creation: copy it now, it cannot be shown again',
          isVisible: { list: false, show: false, edit: true, filter: false },
        },
        createdById: { type: 'reference', reference: 'User', isVisible: { list: true, show: true, edit: false, filter: false } },
        createdAt: { isVisible: { list: true, show: true, edit: false, filter: false } },
        revokedAt: { isVisible: { list: true, show: true, edit: false, filter: false } },
        revokedById: { type: 'reference', reference: 'User', isVisible: { list: false, show: true, edit: false, filter: false } },
      },
      actions: {
        ...NO_DELETE,
        edit: { isAccessible: false },
        new: {
          handler: serviceAction('new', services, {
            input: (p) => ({ name: p.name }),
            // the controller's pipe validates the body before ApiKeyService.create; the panel does the same
            call: async (caller, input) => services.apiKeys.create(caller, await validateInput(CreateApiKeyDto, input)),
            once: (created) => ({
              params: { key: (created as unknown as { key: string }).key },
              message: 'API key created: copy it from the form now, it is not shown again',
            }),
          }),
        },
        revoke: {
          actionType: 'record',
          icon: 'Slash',
          component: false,
          guard: 'Revoke this key? Integrations using it are refused at once.',
          isAccessible: ({ record }) => !record?.param('revokedAt'),
          handler: serviceRecordAction(services, { call: (caller, id) => services.apiKeys.revoke(caller, id), done: 'The key is revoked' }),
        },
      },
    },
  };
}
