/**
 * The server's own shapes, imported as types only: the pages compile against
 * the same interfaces the server emits, so a renamed field or event fails
 * `npm run typecheck`.
 */
export type {
  Ack,
  AgentClientEvents,
  AgentServerEvents,
  DiscussionMessageView,
  MessageView,
  TransactionView,
  TransferView,
  VisitorClientEvents,
  VisitorServerEvents,
} from '../../src/modules/realtime/realtime.contract.js';
export type { AttachmentView } from '../../src/modules/message/message.views.js';

/** A list answer of the REST API (API.md, "Shapes"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The error shape of every refusal (API.md, "Conventions"). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}
export type { UserView } from '../../src/modules/user/dto/user.dto.js';
export type { TransactionListItem } from '../../src/modules/chat/transaction-query.service.js';
