import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Principal } from '../../common/auth/principal.js';
import { validateInput } from '../../common/errors/validation.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import type { MessageView } from '../message/message.views.js';
import { CLOSED_STATUSES, type TransactionRow, type TransactionStatus } from '../chat/transaction.types.js';
import { MessageService } from '../message/message.service.js';
import { TransactionQueryService, type TransactionSelection } from '../chat/transaction-query.service.js';
import { TransactionReadService, type TimelineEntry } from '../chat/transaction-read.service.js';
import { CustomerDirectoryService, type CustomerContact } from '../customer/customer-directory.service.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { TransactionExportQuery, type TranscriptFormat } from './dto/export.dto.js';
import { ExportError } from './export.errors.js';
import './export.events.js';
import { iso } from '../../common/views/format.js';

/** Rows read from the database per query while exporting: memory holds one page, whatever the export's size. */
export const EXPORT_PAGE_SIZE = 1000;
/** Where attachments download (`GET /files/:id`), as written into transcripts. */
const FILE_LINK = '/api/v1/files/';

/** The CSV columns, in order (`key` of a record → header). */
export const CSV_COLUMNS = [
  'id', 'inbox_id', 'inbox', 'customer_id', 'customer_name', 'customer_email', 'customer_phone', 'status', 'agents',
  'started_at', 'assigned_at', 'ended_at', 'ended_by', 'ended_by_name', 'end_reason', 'wait_seconds', 'handle_seconds', 'message_count',
] as const;
export type CsvRecord = Record<(typeof CSV_COLUMNS)[number], string | number | null>;

/** Status names as users see them (SPEC: Waiting, Assigning, Assigned, Transferring, Ended, Failed). */
const STATUS_LABEL: Record<TransactionStatus, string> = {
  waiting: 'Waiting', assigning: 'Assigning', assigned: 'Assigned', transferring: 'Transferring', ended: 'Ended', failed: 'Failed',
};

export interface CsvExportHooks {
  /** Called once the filters and access are checked, before the first byte: set response headers here. */
  onStart?: (info: { rowCount: number }) => void;
  /** Called after each page with the rows written so far. */
  onProgress?: (rowsWritten: number, rowCount: number) => void;
}

export interface TranscriptHooks {
  onStart?: (info: { contentType: string; fileName: string }) => void;
}

const seconds = (from: Date | null, to: Date | null) => (from && to ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : null);
const isClientGone = (err: unknown) => (err as { code?: string })?.code === 'ERR_STREAM_PREMATURE_CLOSE';

/**
 * Exports of completed chats. Everything streams: rows are read page by page
 * (keyset on the id, newest first) and written as the client reads them, so
 * memory stays flat and the first bytes leave before the last page is read.
 * The caller's inbox scope is the one of `GET /transactions` (AccessService).
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly queries: TransactionQueryService,
    private readonly reads: TransactionReadService,
    private readonly messages: MessageService,
    private readonly events: DomainEvents,
    private readonly customers: CustomerDirectoryService,
    private readonly inboxes: InboxDirectoryService,
  ) {}

  /**
   * Writes the CSV of the completed chats matching `filters` that `caller` may
   * see into `out` (an HTTP response, a file, the admin panel's response) and
   * ends it. Filters are validated here too, so every caller gets the same
   * rules and the same 400/404 before anything is written.
   */
  async streamTransactionsCsv(caller: Principal, filters: Partial<TransactionExportQuery>, out: Writable, hooks: CsvExportHooks = {}): Promise<{ rows: number; completed: boolean }> {
    const valid = await validateInput(TransactionExportQuery, filters ?? {});
    const statuses = valid.status ? (valid.status.split(',') as TransactionStatus[]) : CLOSED_STATUSES;
    if (statuses.some((s) => !CLOSED_STATUSES.includes(s))) {
      throw new ExportError('export_completed_only', 'Only completed chats (status ended, failed) are exported');
    }
    const selection = await this.queries.select(caller, { ...valid, status: statuses.join(',') });
    const rowCount = await this.queries.count(selection);
    hooks.onStart?.({ rowCount });

    let rows = 0;
    let completed = false;
    const records = this.csvRecords(selection, (n) => {
      rows = n;
      hooks.onProgress?.(n, rowCount);
    });
    try {
      await pipeline(Readable.from(records), stringify({ header: true, columns: [...CSV_COLUMNS], bom: true, escape_formulas: true }), out);
      completed = true;
    } catch (err) {
      if (!isClientGone(err)) throw err;
    }
    this.events.emit('export.transactions', {
      organizationId: caller.organizationId,
      caller: { kind: caller.kind, id: caller.kind === 'user' ? caller.userId : caller.kind === 'apiKey' ? caller.apiKeyId : caller.customerId },
      filters: { ...valid },
      rows,
      completed,
    });
    return { rows, completed };
  }

  /** One record per TXN, read a page at a time; names are looked up per page and remembered. */
  private async *csvRecords(selection: TransactionSelection, progress: (rows: number) => void): AsyncGenerator<CsvRecord> {
    const inboxNames = new Map<string, string>();
    const userNames = new Map<string, string>();
    let before: string | null = null;
    let written = 0;
    for (;;) {
      const page = await this.queries.page(selection, before, EXPORT_PAGE_SIZE);
      if (!page.length) return;
      const [customerById, handling] = await Promise.all([
        this.customers.contactsById(page.map((t) => t.customerId)),
        this.queries.handlingAgents(page),
      ]);
      const missingInboxes = [...new Set(page.map((t) => t.inboxId))].filter((id) => !inboxNames.has(id));
      if (missingInboxes.length) {
        for (const [id, name] of await this.inboxes.namesById(missingInboxes)) inboxNames.set(id, name);
      }
      const enders = page.filter((t) => t.endedByType === 'agent' && t.endedById).map((t) => t.endedById!);
      await this.queries.userNames([...[...handling.values()].flat(), ...enders], userNames);
      for (const t of page) yield this.csvRecord(t, customerById.get(t.customerId), inboxNames, userNames, handling.get(t.id) ?? []);
      written += page.length;
      progress(written);
      if (page.length < EXPORT_PAGE_SIZE) return;
      before = page[page.length - 1].id;
      // the embedded SQLite driver answers synchronously: without a turn of the event
      // loop here, a long export would run on microtasks alone and starve every other
      // request (and the socket) until the kernel's send buffer is full
      await nextTurn();
    }
  }

  private csvRecord(t: TransactionRow, customer: CustomerContact | undefined, inboxNames: Map<string, string>, userNames: Map<string, string>, agents: string[]): CsvRecord {
    return {
      id: t.id,
      inbox_id: t.inboxId,
      inbox: inboxNames.get(t.inboxId) ?? null,
      customer_id: t.customerId,
      customer_name: customer?.name ?? null,
      customer_email: customer?.email ?? null,
      customer_phone: customer?.phone ?? null,
      status: STATUS_LABEL[t.status],
      agents: agents.map((id) => userNames.get(id) ?? id).join('; '),
      started_at: iso(t.createdAt),
      assigned_at: iso(t.firstAssignedAt),
      ended_at: iso(t.endedAt),
      ended_by: t.endedByType,
      ended_by_name: t.endedByType === 'agent' && t.endedById ? userNames.get(t.endedById) ?? null : null,
      end_reason: t.endReason,
      // waiting lasts until the first agent accepted it, or until it ended unanswered
      wait_seconds: seconds(t.createdAt, t.firstAssignedAt ?? t.endedAt),
      handle_seconds: seconds(t.firstAssignedAt, t.endedAt),
      // messages are numbered 1..n within a TXN and never deleted: the last number is the count
      message_count: t.messageSeq,
    };
  }

  /**
   * The transcript of one TXN the caller may see (404 otherwise): its messages
   * in order with time and sender, attachments by name and link, and the
   * timeline's system entries; as plain text or JSON. Messages stream in pages.
   */
  async streamTranscript(caller: Principal, id: string, format: TranscriptFormat, out: Writable, hooks: TranscriptHooks = {}): Promise<void> {
    const detail = await this.reads.detail(caller, id, { withMessages: false });
    hooks.onStart?.(
      format === 'json'
        ? { contentType: 'application/json; charset=utf-8', fileName: `transcript-${id}.json` }
        : { contentType: 'text/plain; charset=utf-8', fileName: `transcript-${id}.txt` },
    );
    const chunks = format === 'json' ? this.jsonTranscript(detail) : this.textTranscript(detail);
    try {
      await pipeline(Readable.from(chunks), out);
    } catch (err) {
      if (!isClientGone(err)) throw err;
    }
  }

  private async *messagePages(transactionId: string): AsyncGenerator<MessageView[]> {
    let after: string | null = null;
    for (;;) {
      const page = await this.messages.list(transactionId, { after, limit: 200 });
      if (page.items.length) yield page.items;
      if (!page.nextCursor) return;
      after = page.nextCursor;
    }
  }

  private transcriptMessage(m: MessageView, visitorName: string) {
    return {
      id: m.id,
      seq: m.seq,
      createdAt: m.createdAt,
      sender: { ...m.sender, name: m.sender.type === 'visitor' ? visitorName : m.sender.type === 'system' ? 'System' : m.sender.name ?? 'Agent' },
      body: m.body,
      attachments: m.attachments.map((a) => ({ ...a, url: `${FILE_LINK}${a.id}` })),
    };
  }

  private async *jsonTranscript(detail: TranscriptSource): AsyncGenerator<string> {
    const { timeline, ...transaction } = detail;
    const visitorName = detail.customer?.name ?? 'Visitor';
    yield `{"transaction":${JSON.stringify(transaction)},"timeline":${JSON.stringify(timeline)},"messages":[`;
    let first = true;
    for await (const page of this.messagePages(detail.id)) {
      const parts = page.map((m) => JSON.stringify(this.transcriptMessage(m, visitorName)));
      yield (first ? '' : ',') + parts.join(',');
      first = false;
    }
    yield ']}\n';
  }

  private async *textTranscript(detail: TranscriptSource): AsyncGenerator<string> {
    const visitorName = detail.customer?.name ?? 'Visitor';
    const names = new Map(detail.agents.map((a) => [a.id, a.name]));
    const c = detail.customer;
    const header = [
      `Transcript of transaction ${detail.id}`,
      `Inbox: ${detail.inbox?.name ?? detail.inboxId}`,
      `Customer: ${[c?.name, c?.email, c?.phone].filter(Boolean).join(', ') || detail.customerId}`,
      `Status: ${STATUS_LABEL[detail.status]}${detail.endReason ? ` (${detail.endReason})` : ''}`,
      `Agents: ${detail.agents.map((a) => a.name).join(', ') || '-'}`,
      `Started: ${detail.createdAt}`,
      `Assigned: ${detail.firstAssignedAt ?? '-'}`,
      `Ended: ${detail.endedAt ?? '-'}`,
      `Messages: ${detail.messageCount}`,
    ];
    yield header.join('\n') + '\n\n';
    // timeline entries are few; they are merged by time between the streamed messages
    const entries = [...detail.timeline];
    const entryLine = (e: TimelineEntry) => `[${e.createdAt}] -- ${describeEntry(e, names)}\n`;
    for await (const page of this.messagePages(detail.id)) {
      let out = '';
      for (const m of page) {
        while (entries.length && entries[0].createdAt <= m.createdAt) out += entryLine(entries.shift()!);
        const t = this.transcriptMessage(m, visitorName);
        const who = t.sender.type === 'system' ? 'System' : `${t.sender.name} (${t.sender.type})`;
        out += `[${t.createdAt}] ${who}: ${t.body.replace(/\r?\n/g, '\n    ')}\n`;
        for (const a of t.attachments) out += `    attachment: ${a.name} (${a.size} bytes, ${a.contentType}) ${a.url}\n`;
      }
      yield out;
    }
    yield entries.map(entryLine).join('');
  }
}

type TranscriptSource = Awaited<ReturnType<TransactionReadService['detail']>>;

/** A timeline entry as one line of a text transcript. */
function describeEntry(e: TimelineEntry, names: Map<string, string>): string {
  const agent = (id: unknown) => (typeof id === 'string' ? names.get(id) ?? id : 'an agent');
  const by = e.actor.type === 'agent' ? ` by ${e.actor.name ?? agent(e.actor.id)}` : e.actor.type === 'system' ? '' : ` by the ${e.actor.type}`;
  const data = e.data ?? {};
  switch (e.type) {
    case 'created': return 'Chat started';
    case 'offered': return `Offered to ${agent(data.agentId)}`;
    case 'accepted': return `Accepted${by}`;
    case 'offer_rejected': return `Offer declined${by}`;
    case 'offer_expired': return `Offer to ${agent(data.agentId)} expired`;
    case 'ended': return `Ended${by}${data.reason ? ` (${String(data.reason)})` : ''}`;
    case 'failed': return `Failed${by}${data.reason ? ` (${String(data.reason)})` : ''}`;
    default: return `${e.type.replace(/[_.]/g, ' ')}${by}`;
  }
}
