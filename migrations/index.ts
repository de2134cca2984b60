import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { LiveChat1764000001000 } from './1764000001000-live-chat.js';
import { Transfers1764000004000 } from './1764000004000-transfers.js';

/** Every migration, in order. Listed by hand: globs are fragile under ESM and jest. */
export const migrations = [Foundation1764000000000, LiveChat1764000001000, Transfers1764000004000];
