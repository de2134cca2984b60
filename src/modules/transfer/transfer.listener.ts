import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ASYNC_LISTENER, type DomainEventMap } from '../../common/events/domain-events.js';
import { CLOSED_STATUSES } from '../chat/transaction.types.js';
import { TransferService } from './transfer.service.js';
import '../chat/chat.events.js';

/**
 * A chat that ends while a transfer is pending (the agent completes it, the
 * visitor leaves) cancels the transfer. Should this listener never run (the
 * instance died right after the end), the expiry sweep finds the ended chat
 * and records the same cancellation.
 */
@Injectable()
export class TransferListener {
  constructor(private readonly transfers: TransferService) {}

  @OnEvent('transaction.updated', ASYNC_LISTENER)
  async onTransactionUpdated({ transaction, previous }: DomainEventMap['transaction.updated']) {
    if (previous.status === 'transferring' && CLOSED_STATUSES.includes(transaction.status)) await this.transfers.cancelForEndedChat(transaction.id);
  }
}
