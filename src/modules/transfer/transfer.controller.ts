import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import { requireUser, type Principal } from '../../common/auth/principal.js';
import { CreateTransferDto, TransferAnswerDto } from './dto/transfer.dto.js';
import { TransferService } from './transfer.service.js';

@ApiTags('transfers')
@ApiBearerAuth()
@Controller()
export class TransferController {
  constructor(private readonly transfers: TransferService) {}

  @Post('transactions/:id/transfers')
  @ApiOperation({ summary: 'Transfer a chat to an online agent (pending until answered) or to another inbox (at once)' })
  @ApiResponse({ status: 201, description: 'the transfer: `pending` for an agent, `accepted` for an inbox' })
  @ApiResponse({ status: 400, description: '`validation_failed`, `transfer_target_required`, `same_agent`, `agent_no_inbox_access`, `same_inbox`' })
  @ApiResponse({ status: 403, description: '`not_assignee`: only the assignee or an owner/admin may transfer' })
  @ApiResponse({ status: 404, description: '`transaction_not_found`, `agent_not_found`, `inbox_not_found`' })
  @ApiResponse({ status: 409, description: '`transfer_pending`, `not_transferable`, `transaction_ended`, `agent_unavailable`' })
  create(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: CreateTransferDto) {
    return this.transfers.request(requireUser(caller), id, dto);
  }

  @Get('transactions/:id/transfer-targets')
  @ApiOperation({
    summary: 'Who a chat could be transferred to: the agents who may see its inbox (not its assignee) with presence, active chats, capacity and free capacity, online and most free first; and the other inboxes',
  })
  @ApiResponse({ status: 200, description: '`{agents: [{id, name, presence, activeChats, maxActiveChats, freeCapacity}], inboxes: [{id, name}]}`' })
  @ApiResponse({ status: 404, description: '`transaction_not_found` (also for a chat the caller may not see)' })
  targets(@Caller() caller: Principal, @Param('id') id: string) {
    return this.transfers.targets(requireUser(caller), id);
  }

  @Get('transfers/:id')
  @ApiOperation({ summary: 'One transfer' })
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.transfers.get(requireUser(caller), id);
  }

  @Post('transfers/:id/accept')
  @ApiResponse({ status: 200, description: 'the transfer, `accepted`; 409 `transfer_not_pending` once settled (`details.status`), 403 `not_transfer_target`' })
  @HttpCode(200)
  @ApiOperation({ summary: 'The target agent takes the chat' })
  accept(@Caller() caller: Principal, @Param('id') id: string) {
    return this.transfers.accept(requireUser(caller), id);
  }

  @Post('transfers/:id/reject')
  @ApiResponse({ status: 200, description: 'the transfer, `rejected`; 409 `transfer_not_pending` once settled (`details.status`), 403 `not_transfer_target`' })
  @HttpCode(200)
  @ApiOperation({ summary: 'The target agent declines; the chat stays with its agent' })
  reject(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: TransferAnswerDto) {
    return this.transfers.reject(requireUser(caller), id, dto.reason);
  }

  @Post('transfers/:id/cancel')
  @ApiResponse({ status: 200, description: 'the transfer, `cancelled`; 409 `transfer_not_pending` once settled (`details.status`), 403 `not_transfer_requester`' })
  @HttpCode(200)
  @ApiOperation({ summary: 'The requesting agent (or an owner/admin) withdraws a pending transfer' })
  cancel(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: TransferAnswerDto) {
    return this.transfers.cancel(requireUser(caller), id, dto.reason);
  }
}
