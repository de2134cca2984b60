import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../../common/ids/ids.js';
import { Customer } from './entities/customer.entity.js';
import { normalizeEmail, normalizePhone } from './normalize.js';

export interface ContactDetails {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

@Injectable()
export class CustomerService {
  /**
   * The customer behind a visitor, inside the caller's database transaction:
   * found by email, then by phone, else created. Unique indexes on
   * (organization, email) and (organization, phone) settle two starts racing.
   */
  async findOrCreate(em: EntityManager, organizationId: string, contact: ContactDetails, now: Date): Promise<Customer> {
    const repo = em.getRepository(Customer);
    const email = contact.email ? normalizeEmail(contact.email) : null;
    const phone = contact.phone ? normalizePhone(contact.phone) : null;
    const name = contact.name?.trim() || null;

    const find = async () =>
      (email ? await repo.findOneBy({ organizationId, email }) : null) ?? (phone ? await repo.findOneBy({ organizationId, phone }) : null);

    let customer = await find();
    if (!customer) {
      const fresh = repo.create({ id: newId(), organizationId, name, email, phone, createdAt: now });
      try {
        await repo.insert(fresh);
        return fresh;
      } catch (err) {
        customer = await find();
        if (!customer) throw err;
      }
    }
    // fill in what the customer tells us now and we did not know yet
    const changes: Partial<Customer> = {};
    if (name && name !== customer.name) changes.name = name;
    if (email && !customer.email) changes.email = email;
    if (phone && !customer.phone) changes.phone = phone;
    if (Object.keys(changes).length) {
      try {
        await repo.update({ id: customer.id }, changes);
        Object.assign(customer, changes);
      } catch {
        // the email or phone belongs to another customer record: keep the one we found
        if (changes.name) await repo.update({ id: customer.id }, { name: changes.name });
      }
    }
    return customer;
  }
}
