import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import { ApiKeyService } from './api-key.service.js';
import { CreateApiKeyDto } from './dto/integration.dto.js';

/** Organization API keys (owners/admins). */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeyController {
  constructor(private readonly keys: ApiKeyService) {}

  @Get()
  list(@Caller() caller: Principal, @Query() query: PageQuery) {
    return this.keys.list(caller, query);
  }

  @Post()
  create(@Caller() caller: Principal, @Body() dto: CreateApiKeyDto) {
    return this.keys.create(caller, dto);
  }

  @Delete(':id')
  revoke(@Caller() caller: Principal, @Param('id') id: string) {
    return this.keys.revoke(caller, id);
  }
}
