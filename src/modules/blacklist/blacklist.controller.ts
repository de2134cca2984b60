import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { BlacklistService } from './blacklist.service.js';
import { BlacklistQuery, BlockContactDto, BlockTransactionContactDto } from './dto/blacklist.dto.js';

@ApiTags('blacklist')
@ApiBearerAuth()
@Controller()
export class BlacklistController {
  constructor(private readonly blacklist: BlacklistService) {}

  /** Owners/admins: the organization's blocks, newest first. */
  @Get('blacklist')
  list(@Caller() caller: Principal, @Query() query: BlacklistQuery) {
    return this.blacklist.list(caller, query);
  }

  /** Blocks a value: owners/admins any, members the contact of a customer whose chats they can see. */
  @Post('blacklist')
  block(@Caller() caller: Principal, @Body() dto: BlockContactDto) {
    return this.blacklist.block(caller, dto);
  }

  /** Owners/admins lift a block. */
  @Delete('blacklist/:id')
  @HttpCode(204)
  lift(@Caller() caller: Principal, @Param('id') id: string) {
    return this.blacklist.lift(caller, id);
  }

  /** Blocks the email or phone of this chat's customer; the chat itself goes on. */
  @Post('transactions/:id/block')
  blockFromTransaction(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: BlockTransactionContactDto) {
    return this.blacklist.blockFromTransaction(caller, id, dto);
  }

  /** Whether this chat's contact is blocked. */
  @Get('transactions/:id/contact-status')
  contactStatus(@Caller() caller: Principal, @Param('id') id: string) {
    return this.blacklist.contactStatus(caller, id);
  }
}
