import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { CreateInboxDto, SetInboxAgentsDto, UpdateInboxDto } from './dto/inbox.dto.js';
import { InboxService } from './inbox.service.js';

@ApiTags('inboxes')
@ApiBearerAuth()
@Controller('inboxes')
export class InboxController {
  constructor(private readonly inboxes: InboxService) {}

  @Get()
  async list(@Caller() caller: Principal) {
    return { items: await this.inboxes.list(caller), nextCursor: null };
  }

  @Post()
  create(@Caller() caller: Principal, @Body() dto: CreateInboxDto) {
    return this.inboxes.create(caller, dto);
  }

  @Get(':id')
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.inboxes.get(caller, id);
  }

  @Patch(':id')
  update(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: UpdateInboxDto) {
    return this.inboxes.update(caller, id, dto);
  }

  @Put(':id/agents')
  @HttpCode(200)
  setAgents(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: SetInboxAgentsDto) {
    return this.inboxes.setAgents(caller, id, dto);
  }
}
