/** The vocabulary of a call (the `calls` row), for views and for modules that show calls (the journey). */
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallStatus = 'ongoing' | 'ended';
