import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { LiveChat1764000001000 } from './1764000001000-live-chat.js';
import { CannedResponses1764000006000 } from './1764000006000-canned-responses.js';
import { Blacklist1764000006100 } from './1764000006100-blacklist.js';

/** Every migration, in order. Listed by hand: globs are fragile under ESM and jest. */
export const migrations = [Foundation1764000000000, LiveChat1764000001000, CannedResponses1764000006000, Blacklist1764000006100];
