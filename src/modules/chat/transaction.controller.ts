import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import { requireUser, type Principal } from '../../common/auth/principal.js';
import { ChatService } from './chat.service.js';
import { MessagesQuery, SendMessageDto } from '../message/dto/message.dto.js';
import { MessageService } from '../message/message.service.js';
import { TransactionListQuery } from './dto/transaction-query.dto.js';
import { TransactionQueryService } from './transaction-query.service.js';
import { TransactionReadService } from './transaction-read.service.js';

@ApiTags('transactions')
@ApiBearerAuth()
@Controller('transactions')
export class TransactionController {
  constructor(
    private readonly chats: ChatService,
    private readonly messageService: MessageService,
    private readonly reads: TransactionReadService,
    private readonly queries: TransactionQueryService,
  ) {}

  @Get()
  list(@Caller() caller: Principal, @Query() query: TransactionListQuery) {
    return this.queries.list(caller, query);
  }

  @Get(':id')
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.reads.detail(caller, id);
  }

  @Get(':id/messages')
  messages(@Caller() caller: Principal, @Param('id') id: string, @Query() query: MessagesQuery) {
    return this.messageService.listMessages(caller, id, query);
  }

  @Post(':id/messages')
  send(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: SendMessageDto) {
    return this.messageService.sendAsAgent(requireUser(caller), id, dto);
  }

  @Post(':id/accept')
  @HttpCode(200)
  accept(@Caller() caller: Principal, @Param('id') id: string) {
    return this.chats.accept(requireUser(caller), id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@Caller() caller: Principal, @Param('id') id: string) {
    return this.chats.reject(requireUser(caller), id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@Caller() caller: Principal, @Param('id') id: string) {
    return this.chats.complete(requireUser(caller), id);
  }
}
