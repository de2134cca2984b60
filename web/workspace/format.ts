/** A date and time as the agent's browser shows them. */
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '');
