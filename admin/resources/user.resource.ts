import type { ResourceWithOptions } from 'adminjs';
import { ROLES, User } from '../../src/modules/user/entities/user.entity.js';
import { formNullableNumber, formOptional } from '../form.js';
import { OrganizationScopedResource } from '../scoped-resource.js';
import { serviceAction, type AdminServices } from '../service-action.js';
import { NO_DELETE, readOnly } from './common.js';

/**
 * Users of the admin's organization and their roles. Created with
 * `UserService.create`, changed with `UserService.update` (which hashes a new
 * password and guards the owner role). The password hash is never shown.
 */
export function userResource(services: AdminServices): ResourceWithOptions {
  return {
    resource: new OrganizationScopedResource(User, 'organizationId'),
    options: {
      id: 'User',
      navigation: { name: 'Configuration', icon: 'Settings' },
      titleProperty: 'name',
      listProperties: ['name', 'email', 'role', 'presence', 'maxActiveChats'],
      showProperties: ['id', 'name', 'email', 'role', 'maxActiveChats', 'presence', 'presenceChoice', 'createdAt', 'updatedAt'],
      editProperties: ['name', 'email', 'password', 'role', 'maxActiveChats'],
      filterProperties: ['name', 'email', 'role', 'presence'],
      properties: {
        id: readOnly,
        passwordHash: { isVisible: false },
        organizationId: { isVisible: false },
        lastOfferedAt: { isVisible: false },
        password: { type: 'password', isSortable: false, isVisible: { list: false, show: false, edit: true, filter: false }, description: 'On edit, leave empty to keep the current password' },
        role: { availableValues: ROLES.map((r) => ({ value: r, label: r })) },
        maxActiveChats: { description: "Overrides the organization's limit of active chats; empty uses the organization's" },
        presence: readOnly,
        presenceChoice: readOnly,
        createdAt: readOnly,
        updatedAt: readOnly,
      },
      actions: {
        ...NO_DELETE,
        new: {
          handler: serviceAction('new', services, {
            input: (p) => ({ name: p.name, email: p.email, password: p.password, role: p.role, maxActiveChats: formOptional(formNullableNumber(p.maxActiveChats)) }),
            call: (caller, input) => services.users.create(caller, input),
          }),
        },
        edit: {
          handler: serviceAction('edit', services, {
            input: (p, record) => ({
              name: p.name,
              role: p.role,
              maxActiveChats: formNullableNumber(p.maxActiveChats),
              password: formOptional(p.password),
              // the API cannot change an email: a changed one is passed on so that the service refuses it visibly
              ...(p.email !== undefined && p.email !== record?.get('email') ? { email: p.email } : {}),
            }),
            call: (caller, input, id) => services.users.update(caller, id!, input),
          }),
        },
      },
    },
  };
}
