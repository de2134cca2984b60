/**
 * AdminJS forms post every value as a string. These helpers turn form values
 * into the types the services' DTOs expect, without ever "fixing" bad input:
 * anything that is not a clean number is passed on as it is, so the service's
 * validation refuses it exactly as the API would.
 */

/** "42" → 42; anything else unchanged (absent stays absent). */
export function formNumber(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** An emptied field clears a nullable number (e.g. a per-agent override). */
export function formNullableNumber(value: unknown): unknown {
  return value === '' || value === null ? null : formNumber(value);
}

/** An optional field left empty is not sent at all (e.g. "new password" on edit). */
export function formOptional(value: unknown): unknown {
  return value === '' || value === null ? undefined : value;
}

/** A list of ids from an array-of-references field; absent when the form did not send it. */
export function formIdList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value as object) : [value];
  return list.filter((v) => v !== '' && v !== null && v !== undefined).map(String);
}
