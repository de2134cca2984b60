import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import { isAdminRole, requireUser, type Principal, type UserPrincipal, type VisitorPrincipal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { Db } from '../../common/database/db.service.js';
import { isUniqueViolation } from '../../common/database/errors.js';
import { validateInput } from '../../common/errors/validation.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { toPage, type Page } from '../../common/pagination/pagination.js';
import type { ContactPolicy } from '../../common/policy/contact-policy.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { ChatService } from '../chat/chat.service.js';
import { recordTimeline } from '../chat/timeline.js';
import { TransactionQueryService } from '../chat/transaction-query.service.js';
import { TransactionStore } from '../chat/transaction-store.js';
import { CustomerDirectoryService, type CustomerContact } from '../customer/customer-directory.service.js';
import type { ContactDetails } from '../customer/customer.service.js';
import { normalizeEmail, normalizePhone } from '../customer/normalize.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { BlacklistError } from './blacklist.errors.js';
import { BlacklistQuery, BlockContactDto, BlockTransactionContactDto } from './dto/blacklist.dto.js';
import { BlacklistEntry, type ContactType } from './entities/blacklist-entry.entity.js';
import './blacklist.events.js';
import type { BlacklistEntryView } from './blacklist.views.js';

export type { BlacklistEntryView };

export interface ContactStatus {
  transactionId: string;
  customerId: string;
  /** Whether the email or the phone of the chat's customer is blocked. */
  blocked: boolean;
  email: { value: string; blocked: boolean } | null;
  phone: { value: string; blocked: boolean } | null;
}

/** Email and phone values to look up, normalized. */
interface ContactValues {
  email: Set<string>;
  phone: Set<string>;
}

export const normalizeContact = (type: ContactType, value: string) => (type === 'email' ? normalizeEmail(value) : normalizePhone(value));

/**
 * The organization-wide blacklist of emails and phones. A block refuses future
 * chats of that contact (start check, and `ContactPolicy` for visitor tokens);
 * it never ends an ongoing chat, it only notes the block in its timeline.
 */
@Injectable()
export class BlacklistService implements OnModuleInit, ContactPolicy {
  constructor(
    @InjectRepository(BlacklistEntry) private readonly entries: Repository<BlacklistEntry>,
    private readonly customers: CustomerDirectoryService,
    private readonly queries: TransactionQueryService,
    private readonly store: TransactionStore,
    private readonly users: UserDirectoryService,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly access: AccessService,
    private readonly chatAccess: ChatAccess,
    private readonly chats: ChatService,
  ) {}

  onModuleInit() {
    this.chats.addStartCheck((organizationId, contact, visitor) => this.checkStart(organizationId, contact, visitor));
  }

  /**
   * Blocks a value given as such. Owners/admins may block any value; members
   * only the email or phone of a customer whose chats they may see.
   */
  async block(caller: Principal, input: BlockContactDto | Record<string, unknown>): Promise<BlacklistEntryView> {
    const me = requireUser(caller);
    const dto = await validateInput(BlockContactDto, input);
    const value = normalizeContact(dto.type, dto.value);
    if (!isAdminRole(me.role)) {
      const scope = await this.access.inboxScope(me);
      let visible = 0;
      for (const customerId of await this.customers.idsWithContact(me.organizationId, dto.type, value)) {
        visible += await this.queries.count({ scope, statuses: [], customerId });
      }
      if (visible === 0) {
        throw new BlacklistError('contact_not_visible', 'Members may block only the email or phone of a customer whose chats they can see');
      }
    }
    return this.create(me, dto.type, value, dto.reason ?? null, null);
  }

  /** Blocks the email or phone of a chat's customer: any agent who may see the chat may. */
  async blockFromTransaction(caller: Principal, transactionId: string, input: BlockTransactionContactDto | Record<string, unknown>): Promise<BlacklistEntryView> {
    const me = requireUser(caller);
    const dto = await validateInput(BlockTransactionContactDto, input);
    const txn = await this.chatAccess.visibleTransaction(me, transactionId);
    const customer = await this.customers.contact(txn.customerId);
    const value = customer?.[dto.type];
    if (!value) throw new BlacklistError('contact_missing', `The customer of this chat has no ${dto.type === 'email' ? 'email' : 'phone number'}`);
    return this.create(me, dto.type, value, dto.reason ?? null, txn.id);
  }

  /** Owners/admins: entries newest first, with who blocked, when and why. */
  async list(caller: Principal, input: BlacklistQuery | Record<string, unknown>): Promise<Page<BlacklistEntryView>> {
    this.access.requireAdmin(caller);
    const query = await validateInput(BlacklistQuery, input);
    const limit = query.limit ?? 50;
    const qb = this.entries.createQueryBuilder('b').where('b.organizationId = :org', { org: caller.organizationId });
    if (query.type) qb.andWhere('b.type = :type', { type: query.type });
    if (query.value) {
      const value = query.value;
      if (query.type) qb.andWhere('b.value = :value', { value: normalizeContact(query.type, value) });
      else qb.andWhere(new Brackets((b) => b.where('b.value = :email', { email: normalizeEmail(value) }).orWhere('b.value = :phone', { phone: normalizePhone(value) })));
    }
    if (query.cursor) qb.andWhere('b.id < :cursor', { cursor: query.cursor });
    const rows = await qb.orderBy('b.id', 'DESC').take(limit + 1).getMany();
    const page = toPage(rows, limit, (r) => r.id, (r) => r);
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  /**
   * Owners/admins lift a block: its entry is deleted (the value may be blocked
   * again later). The chats that noted the block note the lifting too.
   */
  async lift(caller: Principal, id: string): Promise<void> {
    this.access.requireAdmin(caller);
    const me = caller;
    const outcome = await this.db.transaction(async (em) => {
      const entry = await em.getRepository(BlacklistEntry).findOneBy({ id, organizationId: me.organizationId });
      if (!entry) return null;
      const deleted = await em.getRepository(BlacklistEntry).delete({ id, organizationId: me.organizationId });
      if (!deleted.affected) return null;
      const now = this.clock.now();
      const transactionIds = await this.concernedTransactions(em, entry);
      for (const txnId of transactionIds) {
        await recordTimeline(em, txnId, 'contact_unblocked', { type: 'agent', id: me.userId }, now, { entryId: entry.id, type: entry.type, value: entry.value });
      }
      return { entry, transactionIds };
    });
    if (!outcome) throw new BlacklistError('blacklist_entry_not_found', 'Blacklist entry not found');
    const [entry] = await this.views([outcome.entry]);
    this.events.emit('contact.unblocked', { entry, liftedById: me.userId, transactionIds: outcome.transactionIds });
  }

  /** Whether a chat's contact is blocked: for every agent who may see the chat. */
  async contactStatus(caller: Principal, transactionId: string): Promise<ContactStatus> {
    const txn = await this.chatAccess.visibleTransaction(requireUser(caller), transactionId);
    const customer = await this.customers.contact(txn.customerId);
    const blocked = await this.blockedValues(txn.organizationId, this.valuesOf(customer));
    const part = (type: ContactType) => {
      const value = customer?.[type];
      return value ? { value, blocked: blocked.some((e) => e.type === type && e.value === value) } : null;
    };
    return { transactionId: txn.id, customerId: txn.customerId, blocked: blocked.length > 0, email: part('email'), phone: part('phone') };
  }

  /** For the upload module and others: does this customer have a blocked email or phone? */
  async isBlockedCustomer(organizationId: string, customerId: string): Promise<boolean> {
    const customer = await this.customers.contact(customerId, organizationId);
    return (await this.blockedValues(organizationId, this.valuesOf(customer))).length > 0;
  }

  /** ContactPolicy: a blocked visitor's token can no longer start chats or upload. */
  async assertNotBlocked(visitor: VisitorPrincipal): Promise<void> {
    if (await this.isBlockedCustomer(visitor.organizationId, visitor.customerId)) throw this.blocked();
  }

  /**
   * The start check: the email and phone given, those stored for the visitor's
   * customer when a visitor token came along, and those of the customers the
   * given email or phone belong to (the chat would join their history).
   */
  async checkStart(organizationId: string, contact: ContactDetails, visitor?: VisitorPrincipal): Promise<void> {
    const values: ContactValues = { email: new Set(), phone: new Set() };
    if (contact.email) values.email.add(normalizeEmail(contact.email));
    if (contact.phone) values.phone.add(normalizePhone(contact.phone));
    const ids = visitor && visitor.organizationId === organizationId ? [visitor.customerId] : [];
    if (!ids.length && !values.email.size && !values.phone.size) return;
    for (const customer of await this.customers.contactsMatching(organizationId, { ids, emails: [...values.email], phones: [...values.phone] })) {
      if (customer.email) values.email.add(customer.email);
      if (customer.phone) values.phone.add(customer.phone);
    }
    if ((await this.blockedValues(organizationId, values)).length) throw this.blocked();
  }

  private async create(me: UserPrincipal, type: ContactType, value: string, reason: string | null, sourceTransactionId: string | null): Promise<BlacklistEntryView> {
    let outcome: { entry: BlacklistEntry; transactionIds: string[] };
    try {
      outcome = await this.db.transaction(async (em) => {
        const now = this.clock.now();
        const entry = em.getRepository(BlacklistEntry).create({
          id: newId(), organizationId: me.organizationId, type, value, reason, createdById: me.userId, sourceTransactionId, createdAt: now,
        });
        await em.getRepository(BlacklistEntry).insert(entry);
        // the chats go on; their timelines record the block (not a message: the visitor would see it)
        const transactionIds = await this.concernedTransactions(em, entry);
        for (const txnId of transactionIds) {
          await recordTimeline(em, txnId, 'contact_blocked', { type: 'agent', id: me.userId }, now, { entryId: entry.id, type, value, reason });
        }
        return { entry, transactionIds };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new BlacklistError('already_blocked', `This ${type === 'email' ? 'email' : 'phone number'} is already blocked`);
      throw err;
    }
    const [view] = await this.views([outcome.entry]);
    this.events.emit('contact.blocked', { entry: view, transactionIds: outcome.transactionIds });
    return view;
  }

  /** The chat the entry was made from, and the open chats of customers with its value. */
  private async concernedTransactions(em: EntityManager, entry: BlacklistEntry): Promise<string[]> {
    const customerIds = await this.customers.idsWithContact(entry.organizationId, entry.type, entry.value, em);
    const ids = new Set(await this.store.openIdsOfCustomers(em, entry.organizationId, customerIds));
    if (entry.sourceTransactionId) ids.add(entry.sourceTransactionId);
    return [...ids];
  }

  private valuesOf(customer: CustomerContact | null): ContactValues {
    return { email: new Set(customer?.email ? [customer.email] : []), phone: new Set(customer?.phone ? [customer.phone] : []) };
  }

  private async blockedValues(organizationId: string, values: ContactValues): Promise<BlacklistEntry[]> {
    const where = [
      ...(values.email.size ? [{ organizationId, type: 'email' as const, value: In([...values.email]) }] : []),
      ...(values.phone.size ? [{ organizationId, type: 'phone' as const, value: In([...values.phone]) }] : []),
    ];
    return where.length ? this.entries.find({ where }) : [];
  }

  private async views(rows: BlacklistEntry[]): Promise<BlacklistEntryView[]> {
    const names = await this.users.namesById(rows.map((r) => r.createdById));
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      value: r.value,
      reason: r.reason,
      createdById: r.createdById,
      createdBy: names.has(r.createdById) ? { id: r.createdById, name: names.get(r.createdById)! } : null,
      sourceTransactionId: r.sourceTransactionId,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  private blocked() {
    return new BlacklistError('blocked', 'This contact is blocked: new chats are refused');
  }
}
