import { OmitType } from '@nestjs/swagger';
import { TransactionListQuery } from '../../chat/dto/transaction-query.dto.js';

/** `GET /customers/:id/transactions`: the filters of `GET /transactions` but the customer (fixed by the path). */
export class CustomerTransactionsQuery extends OmitType(TransactionListQuery, ['customerId'] as const) {}
