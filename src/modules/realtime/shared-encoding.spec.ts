import { describe, expect, it } from '@jest/globals';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { encodeOnce, sharingParser } from './shared-encoding.js';

const standard = new Encoder();
const sharing = new sharingParser.Encoder();

/** A message view that counts the reads of its `body`: Socket.IO's encoder reads it twice per packet (the search for binary data, then JSON.stringify). */
function countedMessage(id: string) {
  const reads = { body: 0 };
  const message = { id, transactionId: 't-1', seq: 3, sender: { type: 'visitor', id: 'c-1' } } as Record<string, unknown>;
  Object.defineProperty(message, 'body', {
    enumerable: true,
    get() {
      reads.body++;
      return 'Hello, "quoted" and ünïcödé\n';
    },
  });
  Object.assign(message, { clientMessageId: null, attachments: [], createdAt: '2026-12-06T02:34:42.879Z' });
  return { message, reads };
}

const packets = (message: object): Packet[] => [
  { type: PacketType.ACK, nsp: '/visitor', id: 7, data: [{ ok: true, message }] },
  { type: PacketType.EVENT, nsp: '/agent', data: ['message.new', { message }] },
  { type: PacketType.EVENT, nsp: '/visitor', data: ['message.new', { message }] },
  { type: PacketType.EVENT, nsp: '/', data: ['message.new', message, 'extra', 1, null] },
  { type: PacketType.ACK, nsp: '/', id: 0, data: [{ ok: true, message, skipped: undefined, fn: () => 1, at: new Date(0) }, undefined] },
];

describe('shared encoding', () => {
  it('writes the same text as Socket.IO’s own encoder, marked values or not', () => {
    const { message } = countedMessage('m-1');
    const plain = packets(message).map((p) => standard.encode(p));
    encodeOnce(message);
    expect(packets(message).map((p) => sharing.encode(p))).toEqual(plain);
    // packets without a marked value, binary ones included, go through Socket.IO's encoding
    const others: Packet[] = [
      { type: PacketType.EVENT, nsp: '/agent', data: ['typing', { transactionId: 't-1', typing: true }] },
      { type: PacketType.EVENT, nsp: '/agent', data: ['file', { name: 'a.png', bytes: Buffer.from([1, 2, 3]) }] },
      { type: PacketType.CONNECT, nsp: '/visitor', data: { sid: 'abc' } },
    ];
    expect(others.map((p) => sharing.encode(p))).toEqual(others.map((p) => standard.encode(p)));
  });

  it('turns a marked message into JSON once for its ack and both namespaces’ message.new', () => {
    const unmarked = countedMessage('m-2');
    for (const p of packets(unmarked.message).slice(0, 3)) sharing.encode(p);
    expect(unmarked.reads.body).toBe(6);

    const marked = countedMessage('m-3');
    encodeOnce(marked.message);
    const texts = packets(marked.message)
      .slice(0, 3)
      .map((p) => sharing.encode(p)[0] as string);
    expect(marked.reads.body).toBe(1);
    expect(texts[0]).toBe(`3/visitor,7[{"ok":true,"message":${JSON.stringify(marked.message)}}]`);
    expect(texts[1]).toBe(`2/agent,["message.new",{"message":${JSON.stringify(marked.message)}}]`);
  });
});
