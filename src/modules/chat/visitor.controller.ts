import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Caller, Public, VisitorOnly } from '../../common/auth/decorators.js';
import type { VisitorPrincipal } from '../../common/auth/principal.js';
import { bearerToken, TokenService, visitorPrincipal } from '../../common/auth/token.service.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { ChatService } from './chat.service.js';
import { MessagesQuery, SendMessageDto } from '../message/dto/message.dto.js';
import { MessageService } from '../message/message.service.js';
import { StartChatDto } from './dto/chat.dto.js';

/** The public visitor API (website widgets): no login, a visitor token after the start. */
@ApiTags('visitor')
@Controller('visitor')
export class VisitorController {
  constructor(
    private readonly chats: ChatService,
    private readonly messageService: MessageService,
    private readonly tokens: TokenService,
  ) {}

  /** Starts a chat. A visitor token sent along (a returning visitor) is checked like a new contact. */
  @Post('inboxes/:inboxId/chats')
  @Public()
  @RateLimit('visitor-start')
  async start(@Param('inboxId') inboxId: string, @Body() dto: StartChatDto, @Req() req: Request) {
    let visitor: VisitorPrincipal | undefined;
    const token = bearerToken(req.header('authorization'));
    if (token) {
      const claims = await this.tokens.verify(token);
      if (claims.typ === 'visitor') visitor = visitorPrincipal(claims);
    }
    return this.chats.start(inboxId, dto, visitor);
  }

  @Get('chats/:id')
  @VisitorOnly()
  @ApiBearerAuth()
  get(@Caller() visitor: VisitorPrincipal, @Param('id') id: string) {
    return this.chats.visitorView(visitor, id);
  }

  @Get('chats/:id/messages')
  @VisitorOnly()
  @ApiBearerAuth()
  messages(@Caller() visitor: VisitorPrincipal, @Param('id') id: string, @Query() query: MessagesQuery) {
    return this.messageService.listMessages(visitor, id, query);
  }

  @Post('chats/:id/messages')
  @VisitorOnly()
  @ApiBearerAuth()
  @RateLimit('visitor-message')
  send(@Caller() visitor: VisitorPrincipal, @Param('id') id: string, @Body() dto: SendMessageDto) {
    return this.messageService.sendAsVisitor(visitor, id, dto);
  }

  @Post('chats/:id/leave')
  @VisitorOnly()
  @ApiBearerAuth()
  @HttpCode(200)
  leave(@Caller() visitor: VisitorPrincipal, @Param('id') id: string) {
    return this.chats.leave(visitor, id);
  }
}
