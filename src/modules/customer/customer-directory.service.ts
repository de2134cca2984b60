import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
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

/** The narrow read side of the customer module for the rest of the house: contacts by id. */
@Injectable()
export class CustomerDirectoryService {
  constructor(@InjectRepository(Customer) private readonly customers: Repository<Customer>) {}

  /** One customer, optionally only within an organization; null when there is none. */
  contact(id: string, organizationId?: string): Promise<CustomerContact | null> {
    return this.customers.findOne({ where: organizationId ? { id, organizationId } : { id }, select: CONTACT });
  }

  /** Contacts by id, in one query (unknown ids are left out). */
  async contactsById(ids: string[]): Promise<Map<string, CustomerContact>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const rows = await this.customers.find({ where: { id: In(unique) }, select: CONTACT });
    return new Map(rows.map((c) => [c.id, c]));
  }
}
