import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AuthGuard } from '../../common/auth/auth.guard.js';
import { TokenService } from '../../common/auth/token.service.js';
import { UnauthorizedError } from '../../common/errors/domain-error.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { ChatService } from '../chat/chat.service.js';
import { TransactionRefDto, TypingDto } from '../chat/dto/chat.dto.js';
import { SocketMessageDto, SyncDto } from '../message/dto/message.dto.js';
import { MessageService } from '../message/message.service.js';
import { PresenceService } from '../user/presence.service.js';
import { KeyedQueue } from '../../common/concurrency/keyed-queue.js';
import { handle } from './ack.js';
import { RealtimeRelay } from './realtime.relay.js';
import type { AgentClientEvents, AgentServerEvents } from './realtime.contract.js';
import { rooms } from './rooms.js';
import { encodeOnce } from './shared-encoding.js';
import { agentOf, authenticateSocket, handshakeToken } from './socket-auth.js';


/** `/agent`: agents' clients. Connected means online (unless the agent chose away). */
@WebSocketGateway({ namespace: '/agent', cors: { origin: true } })
export class AgentGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  private readonly logger = new Logger('AgentGateway');
  @WebSocketServer() nsp: Namespace<AgentClientEvents, AgentServerEvents>;
  private readonly inOrder = new KeyedQueue();
  private closing = false;

  constructor(
    private readonly tokens: TokenService,
    private readonly guard: AuthGuard,
    private readonly presence: PresenceService,
    private readonly chats: ChatService,
    private readonly messages: MessageService,
    private readonly chatAccess: ChatAccess,
    private readonly relay: RealtimeRelay,
  ) {}

  afterInit(nsp: Namespace<AgentClientEvents, AgentServerEvents>) {
    this.relay.agents = nsp;
    nsp.use(
      authenticateSocket(async (socket) => {
        const claims = await this.tokens.verify(handshakeToken(socket));
        if (claims.typ !== 'user') throw new UnauthorizedError('An agent token is required', 'invalid_token');
        socket.data.principal = await this.guard.userPrincipal(claims.sub);
      }),
    );
  }

  async handleConnection(socket: Socket) {
    const me = agentOf(socket);
    if (!me) return;
    await socket.join(rooms.agent(me.userId));
    await this.presence.connected(me.userId, socket.id).catch((err) => this.logger.error(err));
  }

  async handleDisconnect(socket: Socket) {
    const me = agentOf(socket);
    if (!me || this.closing) return;
    await this.presence.disconnected(me.userId, socket.id).catch(() => undefined);
  }

  async beforeApplicationShutdown() {
    this.closing = true;
    await this.presence.dropInstance().catch(() => undefined);
  }

  @SubscribeMessage('message.send')
  send(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    // one socket's messages are handled in the order they arrived
    return this.inOrder.run(socket.id, () => handle(SocketMessageDto, payload, async (dto) => ({ message: encodeOnce(await this.messages.sendAsAgent(agentOf(socket), dto.transactionId, dto)) })));
  }

  @SubscribeMessage('chat.accept')
  accept(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TransactionRefDto, payload, async (dto) => ({ transaction: await this.chats.accept(agentOf(socket), dto.transactionId) }));
  }

  @SubscribeMessage('chat.reject')
  reject(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TransactionRefDto, payload, async (dto) => ({ transaction: await this.chats.reject(agentOf(socket), dto.transactionId) }));
  }

  @SubscribeMessage('chat.complete')
  complete(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TransactionRefDto, payload, async (dto) => ({ transaction: await this.chats.complete(agentOf(socket), dto.transactionId) }));
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(SyncDto, payload, async (dto) => ({ messages: await this.messages.sync(agentOf(socket), dto.transactionId, dto.afterMessageId) }));
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TypingDto, payload, async (dto) => {
      await this.chats.typing(agentOf(socket), dto.transactionId, dto.typing);
      return {};
    });
  }

  /** Follow a TXN's events (supervisors, colleagues): only for those who may see it. */
  @SubscribeMessage('transaction.join')
  join(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TransactionRefDto, payload, async (dto) => {
      await this.chatAccess.visibleTransaction(agentOf(socket), dto.transactionId);
      await socket.join(rooms.transaction(dto.transactionId));
      return {};
    });
  }

  @SubscribeMessage('transaction.leave')
  leave(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown) {
    return handle(TransactionRefDto, payload, async (dto) => {
      await socket.leave(rooms.transaction(dto.transactionId));
      return {};
    });
  }
}
