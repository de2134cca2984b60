import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { CustomerHistoryService } from './customer-history.service.js';
import { CustomerTransactionsQuery } from './dto/customer-transactions.dto.js';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerController {
  constructor(private readonly history: CustomerHistoryService) {}

  @Get(':id')
  get(@Caller() caller: Principal, @Param('id') id: string) {
    return this.history.get(caller, id);
  }

  @Get(':id/transactions')
  transactions(@Caller() caller: Principal, @Param('id') id: string, @Query() query: CustomerTransactionsQuery) {
    return this.history.transactions(caller, id, query);
  }
}
