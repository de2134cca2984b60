import { describe, expect, it } from '@jest/globals';
import { MessageDecorator, MessageViews, type AttachmentView } from './message.views.js';
import type { Message } from './entities/message.entity.js';

const file = (id: string): AttachmentView => ({ id, name: `${id}.txt`, size: 1, contentType: 'text/plain' });

class Fixed extends MessageDecorator {
  constructor(private readonly entries: Record<string, AttachmentView[]>) {
    super();
  }
  async attachments(ids: string[]) {
    return new Map(ids.filter((id) => this.entries[id]).map((id) => [id, this.entries[id]]));
  }
}

const row = (id: string) => ({ id, transactionId: 't1', seq: 1, senderType: 'visitor', senderId: null, body: 'hi', clientMessageId: null, createdAt: new Date(0) }) as unknown as Message;

describe('MessageViews decorators', () => {
  it('keeps every registered decorator and appends their entries in order', async () => {
    const views = new MessageViews({} as never);
    views.useDecorator(new Fixed({ m1: [file('a')] }));
    views.useDecorator(new Fixed({ m1: [file('b')], m2: [file('c')] }));
    const [m1, m2] = await views.messages([row('m1'), row('m2')], { names: new Map() });
    expect(m1.attachments.map((a) => a.id)).toEqual(['a', 'b']);
    expect(m2.attachments.map((a) => a.id)).toEqual(['c']);
  });

  it('shows no attachments when asked not to', async () => {
    const views = new MessageViews({} as never);
    views.useDecorator(new Fixed({ m1: [file('a')] }));
    const [m1] = await views.messages([row('m1')], { names: new Map(), attachments: false });
    expect(m1.attachments).toEqual([]);
  });
});
