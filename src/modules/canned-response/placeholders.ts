/** The placeholders a canned response may hold; a missing value becomes empty. */
export const PLACEHOLDERS = ['customer.name', 'customer.email', 'customer.phone', 'agent.name', 'inbox.name'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PATTERN = /\{\{\s*([A-Za-z]+\.[A-Za-z]+)\s*\}\}/g;

/**
 * Fills `{{name}}` placeholders in one pass, so a value that itself looks like a
 * placeholder (a customer called "{{agent.name}}") is not filled in again.
 * Unknown names are left as written.
 */
export function fillPlaceholders(content: string, values: Partial<Record<Placeholder, string | null | undefined>>): string {
  return content.replace(PATTERN, (whole, raw: string) => {
    const name = raw.toLowerCase() as Placeholder;
    return (PLACEHOLDERS as readonly string[]).includes(name) ? values[name] ?? '' : whole;
  });
}
