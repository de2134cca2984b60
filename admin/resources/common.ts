import type { PropertyOptions } from 'adminjs';

/** Shown, never edited or filtered. */
export const readOnly: PropertyOptions = { isVisible: { list: false, show: true, edit: false, filter: false } };

/** Nothing is deleted from the panel: there is no service (and no API) for it yet. */
export const NO_DELETE = {
  delete: { isAccessible: false },
  bulkDelete: { isAccessible: false },
} as const;
