import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Caller, UserOrApiKey } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { CreateCallDto, CreateTicketDto, EndCallDto } from './dto/integration.dto.js';
import { IntegrationService } from './integration.service.js';

/** Calls and tickets from integrators (`X-Api-Key`) or agents (bearer token). */
@ApiTags('integrations')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller()
export class IntegrationController {
  constructor(private readonly integration: IntegrationService) {}

  @Post('transactions/:id/calls')
  @UserOrApiKey()
  createCall(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: CreateCallDto) {
    return this.integration.createCall(caller, id, dto);
  }

  @Patch('calls/:id')
  @UserOrApiKey()
  endCall(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: EndCallDto) {
    return this.integration.endCall(caller, id, dto);
  }

  @Post('transactions/:id/tickets')
  @UserOrApiKey()
  createTicket(@Caller() caller: Principal, @Param('id') id: string, @Body() dto: CreateTicketDto) {
    return this.integration.createTicket(caller, id, dto);
  }
}
