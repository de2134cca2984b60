import { Injectable } from '@nestjs/common';
import { UserDirectoryService } from '../user/user-directory.service.js';
import type { DiscussionKind, DiscussionMessage } from './entities/discussion-message.entity.js';

export interface DiscussionMessageView {
  id: string;
  transactionId: string;
  kind: DiscussionKind;
  author: { type: 'agent'; id: string; name: string } | { type: 'system' };
  body: string;
  mentions: string[];
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** Renders discussion posts with their authors' names. */
@Injectable()
export class DiscussionViews {
  constructor(private readonly users: UserDirectoryService) {}

  async render(rows: DiscussionMessage[]): Promise<DiscussionMessageView[]> {
    const names = await this.users.namesById(rows.map((r) => r.authorId).filter((x): x is string => !!x));
    return rows.map((r) => ({
      id: r.id,
      transactionId: r.transactionId,
      kind: r.kind,
      author: r.authorType === 'agent' && r.authorId ? { type: 'agent', id: r.authorId, name: names.get(r.authorId) ?? '' } : { type: 'system' },
      body: r.body,
      mentions: r.mentions ?? [],
      data: r.data,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  async one(row: DiscussionMessage): Promise<DiscussionMessageView> {
    return (await this.render([row]))[0];
  }
}
