import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { User } from '../user/entities/user.entity.js';
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
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async render(rows: DiscussionMessage[]): Promise<DiscussionMessageView[]> {
    const ids = [...new Set(rows.map((r) => r.authorId).filter((x): x is string => !!x))];
    const names = ids.length ? new Map((await this.users.find({ where: { id: In(ids) }, select: ['id', 'name'] })).map((u) => [u.id, u.name])) : new Map<string, string>();
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
