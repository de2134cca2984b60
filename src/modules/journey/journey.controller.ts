import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { JourneyQuery } from './dto/journey.dto.js';
import { JourneyService } from './journey.service.js';

/** `GET /customers/:id/journey` (its own class: the customer module owns the other `/customers` routes). */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class JourneyController {
  constructor(private readonly journeys: JourneyService) {}

  @Get(':id/journey')
  journey(@Caller() caller: Principal, @Param('id') id: string, @Query() query: JourneyQuery) {
    return this.journeys.journey(caller, id, query);
  }
}
