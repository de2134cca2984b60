/** The messages between the loader (host page) and the panel (its frame), both ways checked by origin and window. */
export const CHANNEL = 'switchboard-widget';

/** From the panel to the loader. */
export type ToLoaderBody = { type: 'ready' } | { type: 'close' } | { type: 'unread'; count: number };
export type ToLoader = { channel: typeof CHANNEL } & ToLoaderBody;

/** From the loader to the panel. */
export type ToPanel = { type: 'open' } | { type: 'closed' };
