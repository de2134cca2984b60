import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { CannedResponseService } from './canned-response.service.js';
import { CannedResponseQuery, CreateCannedResponseDto, UpdateCannedResponseDto } from './dto/canned-response.dto.js';

@ApiTags('canned-responses')
@ApiBearerAuth()
@Controller('canned-responses')
export class CannedResponseController {
  constructor(private readonly responses: CannedResponseService) {}

  /** What the caller may use (personal first, a personal shortcut hiding the organization one), or one scope with `scope=`. */
  @Get()
  list(@Caller() caller: Principal, @Query() query: CannedResponseQuery) {
    return this.responses.list(caller, query);
  }

  @Post()
  create(@Caller() caller: Principal, @Body() dto: CreateCannedResponseDto) {
    return this.responses.create(caller, dto);
  }

  @Get(':id')
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.responses.get(caller, id);
  }

  @Patch(':id')
  update(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: UpdateCannedResponseDto) {
    return this.responses.update(caller, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Caller() caller: Principal, @Param('id') id: string) {
    return this.responses.remove(caller, id);
  }
}
