import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { PageQuery } from '../../common/pagination/pagination.js';
import { DiscussionService } from './discussion.service.js';
import { PostDiscussionDto } from './dto/discussion.dto.js';

/** The internal discussion of a TXN (agents only; never visible to the visitor). */
@ApiTags('discussion')
@ApiBearerAuth()
@Controller('transactions')
export class DiscussionController {
  constructor(private readonly discussion: DiscussionService) {}

  @Get(':id/discussion')
  list(@Caller() caller: Principal, @Param('id') id: string, @Query() query: PageQuery) {
    return this.discussion.list(caller, id, query);
  }

  @Post(':id/discussion')
  post(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: PostDiscussionDto) {
    return this.discussion.post(caller, id, dto);
  }
}
