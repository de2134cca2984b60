/** Emails compare trimmed and lowercased. */
export const normalizeEmail = (value: string): string => value.trim().toLowerCase();

/** Phones compare as their digits, a leading `+` kept: "+1 (555) 010-99" → "+155501099". */
export const normalizePhone = (value: string): string => {
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, '');
  return trimmed.startsWith('+') ? `+${digits}` : digits;
};
