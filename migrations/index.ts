import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { LiveChat1764000001000 } from './1764000001000-live-chat.js';
import { Transfers1764000004000 } from './1764000004000-transfers.js';
import { Files1764000005000 } from './1764000005000-files.js';
import { CannedResponses1764000006000 } from './1764000006000-canned-responses.js';
import { Blacklist1764000006100 } from './1764000006100-blacklist.js';
import { DiscussionIntegrations1764000008000 } from './1764000008000-discussion-integrations.js';
import { Widget1764000009000 } from './1764000009000-widget.js';
import { ReportIndexes1764000016000 } from './1764000016000-report-indexes.js';
import { ClientChatId1764000020500 } from './1764000020500-client-chat-id.js';
import { InactivityCheck1764000021000 } from './1764000021000-inactivity-check.js';

/** Every migration, in order. Listed by hand: globs are fragile under ESM and jest. */
export const migrations = [
  Foundation1764000000000,
  LiveChat1764000001000,
  Transfers1764000004000,
  Files1764000005000,
  CannedResponses1764000006000,
  Blacklist1764000006100,
  DiscussionIntegrations1764000008000,
  Widget1764000009000,
  ReportIndexes1764000016000,
  ClientChatId1764000020500,
  InactivityCheck1764000021000,
];
