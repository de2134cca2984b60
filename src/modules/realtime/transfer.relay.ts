import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ASYNC_LISTENER, type DomainEventMap } from '../../common/events/domain-events.js';
import type { TransferView } from '../transfer/transfer.views.js';
import { RealtimeRelay } from './realtime.relay.js';
import { rooms } from './rooms.js';
import '../transfer/transfer.events.js';

/** Who hears of a transfer's outcome: the agent holding the chat, whoever asked (an admin may), and the target agent. */
const parties = (t: TransferView) => [...new Set([t.fromAgentId, t.requestedById, ...(t.toAgentId ? [t.toAgentId] : [])])].map(rooms.agent);

/**
 * Transfer events to agents' sockets. `transfer.requested` goes to the target;
 * the holder's own clients get `transfer.pending` (they asked); every outcome
 * goes to both sides.
 */
@Injectable()
export class TransferRelay {
  constructor(private readonly relay: RealtimeRelay) {}

  @OnEvent('transfer.requested', ASYNC_LISTENER)
  requested({ transfer, transaction }: DomainEventMap['transfer.requested']) {
    if (transfer.toAgentId) this.relay.agents?.to(rooms.agent(transfer.toAgentId)).emit('transfer.requested', { transfer, transaction });
    const holders = [...new Set([transfer.fromAgentId, transfer.requestedById])].map(rooms.agent);
    this.relay.agents?.to(holders).emit('transfer.pending', { transfer, transaction });
  }

  @OnEvent('transfer.accepted', ASYNC_LISTENER)
  accepted({ transfer }: DomainEventMap['transfer.accepted']) {
    this.relay.agents?.to(parties(transfer)).emit('transfer.accepted', { transfer });
    // the chat is no longer A's: A's clients stop following it (they may join again if they may still see it)
    this.relay.agents?.in(rooms.agent(transfer.fromAgentId)).socketsLeave(rooms.transaction(transfer.transactionId));
  }

  @OnEvent('transfer.rejected', ASYNC_LISTENER)
  rejected({ transfer }: DomainEventMap['transfer.rejected']) {
    this.relay.agents?.to(parties(transfer)).emit('transfer.rejected', { transfer });
  }

  @OnEvent('transfer.expired', ASYNC_LISTENER)
  expired({ transfer }: DomainEventMap['transfer.expired']) {
    this.relay.agents?.to(parties(transfer)).emit('transfer.expired', { transfer });
  }

  @OnEvent('transfer.cancelled', ASYNC_LISTENER)
  cancelled({ transfer }: DomainEventMap['transfer.cancelled']) {
    this.relay.agents?.to(parties(transfer)).emit('transfer.cancelled', { transfer });
  }
}
