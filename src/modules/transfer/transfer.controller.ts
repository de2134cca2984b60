import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  create(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: CreateTransferDto) {
    return this.transfers.request(requireUser(caller), id, dto);
  }

  @Get('transfers/:id')
  @ApiOperation({ summary: 'One transfer' })
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.transfers.get(requireUser(caller), id);
  }

  @Post('transfers/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The target agent takes the chat' })
  accept(@Caller() caller: Principal, @Param('id') id: string) {
    return this.transfers.accept(requireUser(caller), id);
  }

  @Post('transfers/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The target agent declines; the chat stays with its agent' })
  reject(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: TransferAnswerDto) {
    return this.transfers.reject(requireUser(caller), id, dto.reason);
  }

  @Post('transfers/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'The requesting agent (or an owner/admin) withdraws a pending transfer' })
  cancel(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: TransferAnswerDto) {
    return this.transfers.cancel(requireUser(caller), id, dto.reason);
  }
}
