import type { PropertyOptions, ResourceWithOptions } from 'adminjs';
import { NotFoundError } from '../../src/common/errors/domain-error.js';
import { Organization } from '../../src/modules/organization/entities/organization.entity.js';
import { formNumber } from '../form.js';
import { OrganizationScopedResource } from '../scoped-resource.js';
import { serviceAction, type AdminServices } from '../service-action.js';
import { NO_DELETE, readOnly } from './common.js';

const NUMBERS = ['maxActiveChatsPerAgent', 'offerTimeoutSeconds', 'transferTimeoutSeconds', 'assignedInactivitySeconds', 'waitingInactivitySeconds', 'maxUploadBytes'] as const;

/** Components that show a number of seconds or bytes with its unit (admin/components/unit-*.jsx). */
export interface UnitComponents {
  list: string;
  show: string;
  edit: string;
  licenseEdit: string;
}

const LICENSE_EXPLAINED =
  'With the license, owners and admins see the chats, exports, reports and live overview of every inbox. ' +
  'Without it they see those only for the inboxes they are agents of, like members. Configuring inboxes, users and settings is allowed either way.';

/** The admin's own organization: license, capacity, timeouts, upload limit. Edited through `OrganizationService.update`. */
export function organizationResource(services: AdminServices, units: UnitComponents): ResourceWithOptions {
  const withUnit = (unit: 'seconds' | 'bytes', description: string): PropertyOptions => ({ custom: { unit }, components: { list: units.list, show: units.show, edit: units.edit }, description });
  return {
    resource: new OrganizationScopedResource(Organization, 'id'),
    options: {
      id: 'Organization',
      navigation: { name: 'Configuration', icon: 'Settings' },
      listProperties: ['name', 'contactCenterLicense', 'maxActiveChatsPerAgent', 'maxUploadBytes'],
      editProperties: ['name', 'contactCenterLicense', ...NUMBERS],
      properties: {
        id: readOnly,
        createdAt: readOnly,
        updatedAt: readOnly,
        contactCenterLicense: { description: LICENSE_EXPLAINED, components: { edit: units.licenseEdit } },
        maxActiveChatsPerAgent: { description: 'How many chats an agent holds at once, unless the user has a limit of their own' },
        offerTimeoutSeconds: withUnit('seconds', 'How long an agent has to accept an offered chat before it goes to the next agent'),
        transferTimeoutSeconds: withUnit('seconds', 'How long the receiving agent has to accept a transfer'),
        assignedInactivitySeconds: withUnit('seconds', 'An assigned chat with no activity for this long is ended'),
        waitingInactivitySeconds: withUnit('seconds', 'A waiting chat with no activity for this long is ended'),
        maxUploadBytes: withUnit('bytes', 'The largest file agents and visitors may send'),
      },
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
