import { DomainError } from '../../common/errors/domain-error.js';

type TransferErrorCode =
  | 'transfer_not_found'
  | 'transfer_pending'
  | 'transfer_not_pending'
  | 'not_transferable'
  | 'transaction_ended'
  | 'not_assignee'
  | 'not_transfer_target'
  | 'not_transfer_requester'
  | 'agent_not_found'
  | 'agent_no_inbox_access'
  | 'agent_unavailable'
  | 'same_agent'
  | 'inbox_not_found'
  | 'same_inbox'
  | 'transfer_target_required';

const statusOf: Record<TransferErrorCode, number> = {
  transfer_not_found: 404,
  agent_not_found: 404,
  inbox_not_found: 404,
  transfer_pending: 409,
  transfer_not_pending: 409,
  not_transferable: 409,
  transaction_ended: 409,
  agent_unavailable: 409,
  not_assignee: 403,
  not_transfer_target: 403,
  not_transfer_requester: 403,
  agent_no_inbox_access: 400,
  same_agent: 400,
  same_inbox: 400,
  transfer_target_required: 400,
};

/** A rule of transfers was broken; HTTP and socket edges map it to `{statusCode, code, message}`. */
export class TransferError extends DomainError {
  constructor(code: TransferErrorCode, message: string, details?: unknown) {
    super(code, message, statusOf[code], details);
  }
}
