import type { AttachmentView } from '../message/message.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /** A file was stored and attached to a message (the message itself is announced as `message.created`). */
    'file.uploaded': { file: AttachmentView; transactionId: string; messageId: string; uploader: { type: 'visitor' | 'agent'; id: string } };
  }
}
