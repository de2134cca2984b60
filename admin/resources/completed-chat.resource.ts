import { Resource as TypeOrmResource } from '@adminjs/typeorm';
import { BaseRecord, ValidationError as AdminValidationError, type ActionContext, type ActionHandler, type ActionRequest, type ActionResponse, type Filter, type ParamsType, type ResourceWithOptions } from 'adminjs';
import type { Response } from 'express';
import { Writable } from 'node:stream';
import type { UserPrincipal } from '../../src/common/auth/principal.js';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { validateInput } from '../../src/common/errors/validation.js';
import { TransactionFilters } from '../../src/modules/chat/dto/transaction-query.dto.js';
import { CLOSED_STATUSES, ChatTransaction, type TransactionStatus } from '../../src/modules/chat/entities/transaction.entity.js';
import type { TransactionSelection } from '../../src/modules/chat/transaction-query.service.js';
import { principalOf, type AdminServices } from '../service-action.js';
import { NO_DELETE } from './common.js';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A domain refusal as AdminJS shows it: an error notice with the service's message. */
const shown = (err: DomainError) => new AdminValidationError({}, { message: err.message, type: err.code });

/** Collects a stream (the text transcript) into a string. */
function textSink(): { out: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Completed chats (ended, failed), read-only. Rows are read through
 * `TransactionQueryService` with the logged-in admin as the caller: the very
 * selection behind `GET /transactions` and the CSV export, so the inbox scope
 * (AccessService, the Contact Center license rule) and the organization are
 * those of the API, not a second rule. The show page carries the text
 * transcript of `ExportService.streamTranscript`.
 */
class CompletedChatResource extends TypeOrmResource {
  constructor(private readonly services: AdminServices) {
    super(ChatTransaction);
  }

  private async caller(context?: ActionContext): Promise<UserPrincipal | null> {
    if (!context?.currentAdmin) return null;
    try {
      return await principalOf(context, this.services.users);
    } catch (err) {
      // a demoted or removed admin reads nothing
      if (err instanceof DomainError) return null;
      throw err;
    }
  }

  /** The list filters as the API's filters, validated the same way; null when nothing can match. */
  private async selection(caller: UserPrincipal, filter?: Filter): Promise<TransactionSelection | null> {
    const input: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(filter?.filters ?? {})) {
      const value = (f as { value: unknown }).value;
      if (key === 'createdAt' && value && typeof value === 'object') {
        const range = value as { from?: string; to?: string };
        if (range.from) input.from = new Date(range.from).toISOString();
        if (range.to) input.to = new Date(range.to).toISOString();
      } else if (key === 'endedAt' && value && typeof value === 'object') {
        const range = value as { from?: string; to?: string };
        if (range.from) input.endedFrom = new Date(range.from).toISOString();
        if (range.to) input.endedTo = new Date(range.to).toISOString();
      } else if (['inboxId', 'status', 'agentId', 'customerId', 'q'].includes(key)) {
        input[key] = value;
      }
    }
    try {
      const valid = await validateInput(TransactionFilters, input);
      const wanted = valid.status ? (valid.status.split(',') as TransactionStatus[]) : CLOSED_STATUSES;
      const statuses = wanted.filter((s) => CLOSED_STATUSES.includes(s));
      if (!statuses.length) return null;
      return await this.services.transactionQueries.select(caller, { ...valid, status: statuses.join(',') });
    } catch (err) {
      throw err instanceof DomainError ? shown(err) : err;
    }
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number }, context?: ActionContext): Promise<BaseRecord[]> {
    const caller = await this.caller(context);
    const selection = caller && (await this.selection(caller, filter));
    if (!selection) return [];
    const rows = await this.services.transactionQueries
      .query(selection)
      .orderBy('t.id', 'DESC')
      .offset(options.offset ?? 0)
      .limit(options.limit ?? 10)
      .getMany();
    return this.records(rows);
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const caller = await this.caller(context);
    const selection = caller && (await this.selection(caller, filter));
    return selection ? this.services.transactionQueries.count(selection) : 0;
  }

  /** One completed chat the admin may see, with its transcript (through the same access check as `GET /transactions/:id/transcript`). */
  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    const caller = await this.caller(context);
    const selection = caller && (await this.selection(caller));
    if (!caller || !selection) return null;
    const rows = await this.services.transactionQueries.query(selection).andWhere('t.id = :id', { id: String(id) }).getMany();
    const [record] = await this.records(rows);
    if (!record) return null;
    const sink = textSink();
    await this.services.exports.streamTranscript(caller, String(id), 'text', sink.out);
    record.storeParams({ transcript: sink.text() });
    return record;
  }

  override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecord[]> {
    const caller = await this.caller(context);
    const selection = caller && (await this.selection(caller));
    if (!selection || !ids.length) return [];
    const rows = await this.services.transactionQueries.query(selection).andWhere('t.id IN (:...ids)', { ids: ids.map(String) }).getMany();
    return this.records(rows);
  }

  private async records(rows: ChatTransaction[]): Promise<BaseRecord[]> {
    const items = await this.services.transactionQueries.listItems(rows);
    const rowById = new Map(rows.map((r) => [r.id, r]));
    return items.map((item) => {
      const row = rowById.get(item.id)!;
      const c = item.customer;
      return new BaseRecord(
        {
          id: item.id,
          createdAt: iso(row.createdAt),
          status: item.status,
          inboxId: item.inboxId,
          inbox: item.inbox?.name ?? item.inboxId,
          customerId: item.customerId,
          customer: [c?.name, c?.email, c?.phone].filter(Boolean).join(', ') || item.customerId,
          agents: item.agents.map((a) => a.name).join(', '),
          firstAssignedAt: iso(row.firstAssignedAt),
          endedAt: iso(row.endedAt),
          endedByType: row.endedByType,
          endReason: row.endReason,
          messageSeq: row.messageSeq,
        },
        this,
      );
    });
  }

  override async create(): Promise<ParamsType> {
    throw new Error('Completed chats are read-only');
  }

  override async update(): Promise<ParamsType> {
    throw new Error('Completed chats are read-only');
  }

  override async delete(): Promise<void> {
    throw new Error('Completed chats are read-only');
  }
}

/**
 * `GET …/actions/exportCsv?download=1&<filters>` streams the CSV of
 * `ExportService.streamTransactionsCsv`, the method behind
 * `GET /api/v1/exports/transactions.csv`, with the same filters, checks and
 * bytes. Every query parameter but `download` is passed on, so an unknown
 * one is refused as by the API. A refusal answers the service's status with an error notice, before
 * any CSV byte. `…?choices=1` answers what the form offers by name: the inboxes
 * the admin may see (the access rule of the reports) and the organization's
 * users. Otherwise it answers nothing (the page shows the form).
 */
function exportCsv(services: AdminServices): ActionHandler<ActionResponse> {
  return async (request: ActionRequest, response: unknown, context: ActionContext) => {
    const query = { ...(request.query ?? {}) } as Record<string, unknown>;
    const res = response as Response;
    if ('choices' in query) {
      const caller = await principalOf(context, services.users);
      const [inboxes, users] = await Promise.all([services.reports.inboxes(caller), services.users.list(caller)]);
      return { choices: { inboxes, agents: users.map((u) => ({ id: u.id, name: u.name })) } } as unknown as ActionResponse;
    }
    if (!('download' in query)) return {};
    delete query.download;
    try {
      const caller = await principalOf(context, services.users);
      await services.exports.streamTransactionsCsv(caller, query, res, {
        onStart: () => {
          res.status(200);
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader('Content-Disposition', `attachment; filename="transactions-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z')}.csv"`);
          res.setHeader('Cache-Control', 'no-store');
        },
      });
      // the response is written and ended: nothing more for AdminJS to send
      return undefined as unknown as ActionResponse;
    } catch (err) {
      if (!(err instanceof DomainError) || res.headersSent) throw err;
      res.status(err.status);
      return { code: err.code, notice: { message: err.message, type: 'error' } };
    }
  };
}

export function completedChatResource(services: AdminServices, exportComponent: string): ResourceWithOptions {
  const listOnly = { list: true, show: true, edit: false, filter: false };
  return {
    resource: new CompletedChatResource(services),
    options: {
      id: 'CompletedChat',
      navigation: { name: 'Chats', icon: 'MessageSquare' },
      titleProperty: 'customer',
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['createdAt', 'inbox', 'customer', 'status', 'agents', 'endedAt', 'endReason'],
      showProperties: ['id', 'createdAt', 'inbox', 'customer', 'status', 'agents', 'firstAssignedAt', 'endedAt', 'endedByType', 'endReason', 'messageSeq', 'transcript'],
      filterProperties: ['status', 'inboxId', 'createdAt', 'endedAt'],
      properties: {
        id: { isSortable: false },
        createdAt: { type: 'datetime', isSortable: false, isTitle: false },
        status: { isSortable: false, availableValues: CLOSED_STATUSES.map((s) => ({ value: s, label: s })) },
        inboxId: { type: 'reference', reference: 'Inbox', isVisible: { list: false, show: false, edit: false, filter: true } },
        inbox: { type: 'string', isSortable: false, isVisible: listOnly },
        customer: { type: 'string', isSortable: false, isVisible: listOnly },
        agents: { type: 'string', isSortable: false, isVisible: listOnly },
        firstAssignedAt: { type: 'datetime', isSortable: false },
        endedAt: { type: 'datetime', isSortable: false },
        endReason: { isSortable: false },
        messageSeq: { isSortable: false },
        transcript: { type: 'textarea', isSortable: false, isVisible: { list: false, show: true, edit: false, filter: false } },
      },
      actions: {
        ...NO_DELETE,
        new: { isAccessible: false },
        edit: { isAccessible: false },
        search: { isAccessible: false },
        exportCsv: {
          actionType: 'resource',
          icon: 'Download',
          component: exportComponent,
          showInDrawer: false,
          handler: exportCsv(services),
        },
      },
    },
  };
}
