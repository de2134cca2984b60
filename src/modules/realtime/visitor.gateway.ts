import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { TokenService, visitorPrincipal } from '../../common/auth/token.service.js';
import { UnauthorizedError } from '../../common/errors/domain-error.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { ChatService } from '../chat/chat.service.js';
import { TransactionRefDto, TypingDto } from '../chat/dto/chat.dto.js';
import { SocketMessageDto, SyncDto } from '../message/dto/message.dto.js';
import { MessageService } from '../message/message.service.js';
import { KeyedQueue } from '../../common/concurrency/keyed-queue.js';
import { handle } from './ack.js';
import { RealtimeRelay } from './realtime.relay.js';
import type { VisitorClientEvents, VisitorServerEvents } from './realtime.contract.js';
import { rooms } from './rooms.js';
import { encodeOnce } from './shared-encoding.js';
import { authenticateSocket, handshakeToken, visitorOf } from './socket-auth.js';


/** `/visitor`: one visitor's chat, authenticated with the visitor token from the chat start. */
@WebSocketGateway({ namespace: '/visitor', cors: { origin: true } })
export class VisitorGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() nsp: Namespace<VisitorClientEvents, VisitorServerEvents>;
  private readonly inOrder = new KeyedQueue();

  constructor(
    private readonly tokens: TokenService,
    private readonly chats: ChatService,
    private readonly messages: MessageService,
    private readonly chatAccess: ChatAccess,
    private readonly relay: RealtimeRelay,
  ) {}

  afterInit(nsp: Namespace<VisitorClientEvents, VisitorServerEvents>) {
    this.relay.visitors = nsp;
    nsp.use(
      authenticateSocket(async (socket) => {
        const claims = await this.tokens.verify(handshakeToken(socket));
        if (claims.typ !== 'visitor') throw new UnauthorizedError('A visitor token is required', 'invalid_token');
        const visitor = visitorPrincipal(claims);
        await this.chatAccess.visibleTransaction(visitor, claims.txn);
        socket.data.principal = visitor;
      }),
    );
  }

  async handleConnection(socket: Socket) {
    const visitor = visitorOf(socket);
    if (visitor) await socket.join(rooms.visitor(visitor.transactionId));
  }

  @SubscribeMessage('message.send')
  send(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    // one socket's messages are handled in the order they arrived
    return this.inOrder.run(socket.id, () => handle(SocketMessageDto, payload, async (dto) => ({ message: encodeOnce(await this.messages.sendAsVisitor(visitorOf(socket), dto.transactionId, dto)) })));
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(SyncDto, payload, async (dto) => ({ messages: await this.messages.sync(visitorOf(socket), dto.transactionId, dto.afterMessageId) }));
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TypingDto, payload, async (dto) => {
      await this.chats.typing(visitorOf(socket), dto.transactionId, dto.typing);
      return {};
    });
  }

  @SubscribeMessage('chat.leave')
  leave(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TransactionRefDto, payload, async (dto) => ({ transaction: await this.chats.leave(visitorOf(socket), dto.transactionId) }));
  }
}
