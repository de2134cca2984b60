import type { ResourceWithOptions } from 'adminjs';
import { NotFoundError } from '../../src/common/errors/domain-error.js';
import { Organization } from '../../src/modules/organization/entities/organization.entity.js';
import { formNumber } from '../form.js';
import { OrganizationScopedResource } from '../scoped-resource.js';
import { serviceAction, type AdminServices } from '../service-action.js';
import { NO_DELETE, readOnly } from './common.js';

const NUMBERS = ['maxActiveChatsPerAgent', 'offerTimeoutSeconds', 'transferTimeoutSeconds', 'assignedInactivitySeconds', 'waitingInactivitySeconds', 'maxUploadBytes'] as const;

/** The admin's own organization: license, capacity, timeouts, upload limit. Edited through `OrganizationService.update`. */
export function organizationResource(services: AdminServices): ResourceWithOptions {
  return {
    resource: new OrganizationScopedResource(Organization, 'id'),
    options: {
      id: 'Organization',
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['name', 'contactCenterLicense', 'maxActiveChatsPerAgent', 'maxUploadBytes'],
      editProperties: ['name', 'contactCenterLicense', ...NUMBERS],
      properties: { id: readOnly, createdAt: readOnly, updatedAt: readOnly },
      actions: {
        ...NO_DELETE,
        // organizations are created by signup or bootstrap, not in the panel
        new: { isAccessible: false },
        edit: {
          handler: serviceAction('edit', services, {
            input: (p) => ({
              name: p.name,
              contactCenterLicense: p.contactCenterLicense,
              ...Object.fromEntries(NUMBERS.map((key) => [key, formNumber(p[key])])),
            }),
            call: (caller, input, id) => {
              // the service changes the caller's organization whatever the id; never let another id stand for it
              if (id !== caller.organizationId) throw new NotFoundError('Organization', 'organization_not_found');
              return services.organizations.update(caller, input);
            },
          }),
        },
      },
    },
  };
}
