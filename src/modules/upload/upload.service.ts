import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { fileTypeFromStream } from 'file-type';
import type { Readable } from 'node:stream';
import { In, Repository, type EntityManager } from 'typeorm';
import type { Principal, UserPrincipal, VisitorPrincipal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { ContactPolicy } from '../../common/policy/contact-policy.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { ChatError } from '../chat/chat.errors.js';
import { MessageService } from '../message/message.service.js';
import { MessageDecorator, MessageViews, type AttachmentView, type MessageView } from '../message/message.views.js';
import type { MessageRow } from '../message/message.types.js';
import { CLOSED_STATUSES, type TransactionRow } from '../chat/transaction.types.js';
import { TransactionReadService, type TimelineEntry, TimelineSource } from '../chat/transaction-read.service.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { FileAttachment } from './entities/file-attachment.entity.js';
import { contentMatches, looksExecutable } from './file-inspection.js';
import { fileTypeOf } from './file-types.js';
import { FileStorage } from './storage/file-storage.js';
import type { UploadFileDto } from './dto/upload.dto.js';
import { unsupportedType, type ReceivedFile } from './upload-storage.engine.js';
import { UploadError } from './upload.errors.js';
import './upload.events.js';

/** Uploaders: a TXN's visitor, or the agent handling it. */
export type Uploader = VisitorPrincipal | UserPrincipal;

/** A check an upload must pass before its bytes are accepted (the blacklist registers one). */
export type UploadCheck = (uploader: Uploader, transaction: TransactionRow) => Promise<void>;

/** A file to send to the client: its bytes and the headers describing them. */
export interface Download {
  stream: Readable;
  name: string;
  size: number;
  contentType: string;
}

/**
 * Files in chats. An upload is received by multer into a temporary key
 * (`UploadStorageEngine`), checked here (type, content, size), then becomes a
 * message with an attachment in one database transaction, and its bytes move
 * to their final key; anything that fails on the way leaves nothing behind.
 */
@Injectable()
export class UploadService implements OnModuleInit, MessageDecorator, TimelineSource {
  private readonly logger = new Logger('Uploads');
  private readonly checks: UploadCheck[] = [];

  constructor(
    private readonly storage: FileStorage,
    private readonly messageService: MessageService,
    private readonly chatAccess: ChatAccess,
    private readonly views: MessageViews,
    private readonly reads: TransactionReadService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    @InjectRepository(FileAttachment) private readonly files: Repository<FileAttachment>,
    private readonly settings: OrganizationSettingsService,
    @Optional() private readonly contacts?: ContactPolicy,
  ) {}

  onModuleInit() {
    this.views.useDecorator(this);
    this.reads.addTimelineSource(this);
    // a blocked visitor's token can no longer upload (the blacklist provides the policy)
    const contacts = this.contacts;
    if (contacts) this.addUploadCheck(async (uploader) => (uploader.kind === 'visitor' ? contacts.assertNotBlocked(uploader) : undefined));
  }

  /** Registers a rule every upload must pass (e.g. the blacklist: 403 `blocked`). */
  addUploadCheck(check: UploadCheck) {
    this.checks.push(check);
  }

  /**
   * Runs before a byte of the body is read: the caller may write into this
   * open TXN and passes every upload check. Answers the organization's size
   * limit, which multer then enforces while streaming.
   */
  async preflight(uploader: Uploader, transactionId: string): Promise<number> {
    const txn = await this.chatAccess.visibleTransaction(uploader, transactionId);
    if (uploader.kind === 'user') this.chatAccess.assertCanWrite(uploader, txn);
    else if (CLOSED_STATUSES.includes(txn.status)) throw new ChatError('transaction_ended', 'This chat has ended; start a new one');
    for (const check of this.checks) await check(uploader, txn);
    const org = await this.settings.get(txn.organizationId);
    return org!.maxUploadBytes;
  }

  /** Checks a received file and turns it into a message with an attachment. */
  async upload(uploader: Uploader, transactionId: string, received: (Express.Multer.File & ReceivedFile) | undefined, dto: UploadFileDto): Promise<MessageView> {
    if (!received?.storageKey) throw new UploadError('file_required', 'Send the file as the multipart field "file"');
    const tempKey = received.storageKey;
    const fileId = newId();
    const finalKey = `files/${fileId}`;
    let committed = false;
    try {
      const contentType = await this.check(received);
      const attach = async (em: EntityManager, message: MessageRow) => {
        await em.getRepository(FileAttachment).insert({
          id: fileId, organizationId: uploader.organizationId, transactionId, messageId: message.id,
          originalName: received.name, storageKey: finalKey, size: received.size, sha256: received.sha256, contentType,
          uploaderType: uploader.kind === 'visitor' ? 'visitor' : 'agent', uploaderId: uploader.kind === 'visitor' ? uploader.customerId : uploader.userId,
          createdAt: this.clock.now(),
        });
        // the bytes take their final place last, so a failure before commit rolls everything back
        await this.storage.move(tempKey, finalKey);
        committed = true;
      };
      const body = { body: dto.caption ?? received.name, clientMessageId: dto.clientMessageId };
      let message: MessageView;
      try {
        message = uploader.kind === 'visitor' ? await this.messageService.sendAsVisitor(uploader, transactionId, body, { afterStore: attach }) : await this.messageService.sendAsAgent(uploader, transactionId, body, { afterStore: attach });
      } catch (err) {
        // the database is the record of truth: bytes whose row did not commit are removed
        if (committed && !(await this.files.existsBy({ id: fileId }))) {
          await this.storage.remove(finalKey).catch(() => undefined);
        }
        throw err;
      }
      const file = message.attachments.find((a) => a.id === fileId);
      if (file) this.events.emit('file.uploaded', { file, transactionId, messageId: message.id, uploader: { type: uploader.kind === 'visitor' ? 'visitor' : 'agent', id: uploader.kind === 'visitor' ? uploader.customerId : uploader.userId } });
      return message;
    } finally {
      // a refused file, a failed transaction or a resend (stored once already): nothing stays behind
      if (!committed) await this.storage.remove(tempKey).catch((err) => this.logger.warn(`could not remove ${tempKey}: ${err}`));
    }
  }

  /** The content rules; answers the content type the file will be served with. */
  private async check(received: ReceivedFile): Promise<string> {
    const type = fileTypeOf(received.name);
    if (!type) throw unsupportedType();
    if (received.size === 0) throw new UploadError('empty_file', 'The file is empty');
    const sniffed = (await this.sniff(received.storageKey))?.ext;
    if (looksExecutable(received.inspection, sniffed)) throw new UploadError('executable_refused', 'Programs and scripts cannot be uploaded, whatever their name');
    if (!contentMatches(type.rule, received.inspection, sniffed)) {
      throw new UploadError('content_mismatch', `The content of the file does not match its extension${sniffed ? ` (it looks like ${sniffed})` : ''}`);
    }
    return type.contentType;
  }

  private async sniff(key: string) {
    const stream = await this.storage.open(key);
    try {
      return await fileTypeFromStream(stream);
    } finally {
      stream.destroy();
    }
  }

  /** `GET /files/:id`: the TXN's visitor, or users who may see its inbox; 404 for everyone else. */
  async download(caller: Principal, id: string): Promise<Download> {
    const notFound = () => new UploadError('file_not_found', 'File not found');
    const file = await this.files.findOneBy({ id, organizationId: caller.organizationId });
    if (!file) throw notFound();
    try {
      await this.chatAccess.visibleTransaction(caller, file.transactionId);
    } catch (err) {
      if (err instanceof DomainError && err.status === 404) throw notFound();
      throw err;
    }
    const stream = await this.storage.open(file.storageKey).catch(() => {
      this.logger.error(`file ${file.id} has no stored bytes at ${file.storageKey}`);
      throw notFound();
    });
    return { stream, name: file.originalName, size: file.size, contentType: file.contentType };
  }

  /** MessageDecorator: every message view lists its attachments. */
  async attachments(messageIds: string[]): Promise<Map<string, AttachmentView[]>> {
    const rows = await this.files.find({ where: { messageId: In(messageIds) }, order: { id: 'ASC' } });
    const byMessage = new Map<string, AttachmentView[]>();
    for (const f of rows) {
      const list = byMessage.get(f.messageId) ?? [];
      list.push(view(f));
      byMessage.set(f.messageId, list);
    }
    return byMessage;
  }

  /** TimelineSource: uploads appear in the TXN's timeline (journey view). */
  async entries(transactionId: string): Promise<TimelineEntry[]> {
    const rows = await this.files.find({ where: { transactionId }, order: { id: 'ASC' } });
    return rows.map((f) => ({
      id: f.id,
      type: 'file_uploaded',
      actor: { type: f.uploaderType, id: f.uploaderId },
      data: { fileId: f.id, messageId: f.messageId, name: f.originalName, size: f.size, contentType: f.contentType },
      createdAt: f.createdAt.toISOString(),
    }));
  }
}

const view = (f: FileAttachment): AttachmentView => ({ id: f.id, name: f.originalName, size: f.size, contentType: f.contentType });
