import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository, type EntityManager, type FindOptionsWhere, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Customer } from './entities/customer.entity.js';

/** What other modules show of a customer. */
export interface CustomerContact {
  id: string;
  organizationId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

const CONTACT: (keyof Customer)[] = ['id', 'organizationId', 'name', 'email', 'phone'];

/** `!` escapes LIKE wildcards on both SQLite and MySQL (backslash means different things in their string literals). */
const likeEscaped = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/** The narrow read side of the customer module for the rest of the house: contacts by id. */
@Injectable()
export class CustomerDirectoryService {
  constructor(@InjectRepository(Customer) private readonly customers: Repository<Customer>) {}

  /** One customer, optionally only within an organization; null when there is none. `em`: inside the caller's transaction. */
  contact(id: string, organizationId?: string, em?: EntityManager): Promise<CustomerContact | null> {
    const repo = em ? em.getRepository(Customer) : this.customers;
    return repo.findOne({ where: organizationId ? { id, organizationId } : { id }, select: CONTACT });
  }

  /** Contacts by id, in one query (unknown ids are left out). */
  async contactsById(ids: string[]): Promise<Map<string, CustomerContact>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const rows = await this.customers.find({ where: { id: In(unique) }, select: CONTACT });
    return new Map(rows.map((c) => [c.id, c]));
  }

  /** Ids of the organization's customers with this (normalized) email or phone; `em` to read inside the caller's transaction. */
  async idsWithContact(organizationId: string, type: 'email' | 'phone', value: string, em?: EntityManager): Promise<string[]> {
    const repo = em ? em.getRepository(Customer) : this.customers;
    return (await repo.find({ where: { organizationId, [type]: value }, select: ['id'] })).map((c) => c.id);
  }

  /** The organization's customers that have one of these ids, (normalized) emails or phones. */
  async contactsMatching(organizationId: string, match: { ids?: string[]; emails?: string[]; phones?: string[] }): Promise<CustomerContact[]> {
    const where: Array<FindOptionsWhere<Customer>> = [
      ...(match.ids ?? []).map((id) => ({ id, organizationId })),
      ...(match.emails ?? []).map((email) => ({ organizationId, email })),
      ...(match.phones ?? []).map((phone) => ({ organizationId, phone })),
    ];
    return where.length ? this.customers.find({ where, select: CONTACT }) : [];
  }

  /**
   * Restricts another module's query to rows whose customer matches a search
   * (name or email containing `q`, or the phone containing its digits), like
   * `AccessService.restrictToScope`: one statement, the customers read in a
   * subquery (`customerIdColumn IN (SELECT …)`), so a list still pages in SQL.
   */
  whereMatches<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, customerIdColumn: string, q: string): SelectQueryBuilder<T> {
    const digits = q.replace(/\D/g, '');
    const sub = this.customers
      .createQueryBuilder('qc')
      .select('qc.id')
      .where(
        new Brackets((b) => {
          b.where("qc.name LIKE :qText ESCAPE '!'").orWhere("qc.email LIKE :qText ESCAPE '!'");
          if (digits) b.orWhere("qc.phone LIKE :qDigits ESCAPE '!'");
        }),
      );
    return qb.andWhere(`${customerIdColumn} IN (${sub.getQuery()})`, { qText: `%${likeEscaped(q)}%`, qDigits: `%${digits}%` });
  }
}
