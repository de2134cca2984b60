import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import type { Page } from '../../common/pagination/pagination.js';
import type { TransactionStatus } from '../chat/transaction.types.js';
import { TransactionQueryService, type TransactionListItem } from '../chat/transaction-query.service.js';
import { CustomerNotFoundError } from './customer.errors.js';
import { CustomerTransactionsQuery } from './dto/customer-transactions.dto.js';
import { Customer } from './entities/customer.entity.js';
import { iso } from '../../common/views/format.js';

export interface CustomerSummary {
  /** Counted over the TXNs the caller may see. */
  transactionCount: number;
  openTransactionCount: number;
  firstContactAt: string | null;
  lastContactAt: string | null;
  lastTransactionId: string | null;
  lastStatus: TransactionStatus | null;
}


/**
 * "View all transactions": one customer and their TXNs, limited to the inboxes
 * the caller may see. A customer with no TXN the caller may see is a 404 for
 * them (their contact details are not the caller's business), unless the caller
 * sees the whole organization.
 */
@Injectable()
export class CustomerHistoryService {
  constructor(
    private readonly queries: TransactionQueryService,
    @InjectRepository(Customer) private readonly customers: Repository<Customer>,
  ) {}

  async get(caller: Principal, id: string) {
    const { customer, summary } = await this.visible(caller, id);
    return { ...this.details(customer), createdAt: iso(customer.createdAt), summary };
  }

  async transactions(caller: Principal, id: string, query: CustomerTransactionsQuery): Promise<Page<TransactionListItem> & { customer: ReturnType<CustomerHistoryService['details']> }> {
    const { customer } = await this.visible(caller, id);
    const page = await this.queries.list(caller, { ...query, customerId: customer.id });
    return { customer: this.details(customer), ...page };
  }

  private details(c: Customer) {
    return { id: c.id, name: c.name, email: c.email, phone: c.phone };
  }

  private async visible(caller: Principal, id: string): Promise<{ customer: Customer; summary: CustomerSummary }> {
    const customer = await this.customers.findOneBy({ id, organizationId: caller.organizationId });
    if (!customer) throw new CustomerNotFoundError();
    const selection = await this.queries.select(caller, { customerId: customer.id });
    const stats = await this.queries
      .query(selection)
      .select('COUNT(*)', 'count')
      .addSelect('MIN(t.createdAt)', 'first')
      .addSelect('MAX(t.createdAt)', 'last')
      .addSelect(`SUM(CASE WHEN t.status IN ('ended', 'failed') THEN 0 ELSE 1 END)`, 'open')
      .getRawOne<{ count: string | number; first: Date | string | null; last: Date | string | null; open: string | number | null }>();
    const count = Number(stats?.count ?? 0);
    if (count === 0 && !selection.scope.all) throw new CustomerNotFoundError();
    const [latest] = count ? await this.queries.page(selection, null, 1) : [];
    return {
      customer,
      summary: {
        transactionCount: count,
        openTransactionCount: Number(stats?.open ?? 0),
        firstContactAt: iso(asUtc(stats?.first)),
        lastContactAt: iso(latest?.createdAt),
        lastTransactionId: latest?.id ?? null,
        lastStatus: latest?.status ?? null,
      },
    };
  }
}

/** Raw aggregates come back as driver values: SQLite gives `YYYY-MM-DD HH:MM:SS.sss` in UTC without a zone. */
function asUtc(v: Date | string | null | undefined): Date | null {
  if (!v) return null;
  if (v instanceof Date) return v;
  return new Date(/[zZ+]/.test(v.slice(10)) ? v : `${v.replace(' ', 'T')}Z`);
}
