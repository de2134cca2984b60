import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { SocketCreateTransferDto, SocketTransferAnswerDto } from '../transfer/dto/transfer.dto.js';
import { TransferService } from '../transfer/transfer.service.js';
import { handle } from './ack.js';
import { agentOf } from './socket-auth.js';


/**
 * Transfer requests and answers from agents' sockets, on the `/agent`
 * namespace (authenticated by AgentGateway's handshake middleware). Each
 * handler is one call to the same service method as REST.
 */
@WebSocketGateway({ namespace: '/agent', cors: { origin: true } })
export class TransferGateway {
  constructor(private readonly transfers: TransferService) {}

  @SubscribeMessage('transfer.request')
  request(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(SocketCreateTransferDto, payload, async ({ transactionId, toAgentId, toInboxId }) => ({
      transfer: await this.transfers.request(agentOf(socket), transactionId, { toAgentId, toInboxId }),
    }));
  }

  @SubscribeMessage('transfer.accept')
  accept(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(SocketTransferAnswerDto, payload, async (dto) => ({ transfer: await this.transfers.accept(agentOf(socket), dto.transferId) }));
  }

  @SubscribeMessage('transfer.reject')
  reject(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(SocketTransferAnswerDto, payload, async (dto) => ({ transfer: await this.transfers.reject(agentOf(socket), dto.transferId, dto.reason) }));
  }

  @SubscribeMessage('transfer.cancel')
  cancel(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(SocketTransferAnswerDto, payload, async (dto) => ({ transfer: await this.transfers.cancel(agentOf(socket), dto.transferId, dto.reason) }));
  }
}
