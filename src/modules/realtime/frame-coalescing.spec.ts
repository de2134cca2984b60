import { describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { CoalescingWebSocketServer, type CoalescingWebSocket } from './frame-coalescing.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A real HTTP server with the coalescing ws server on upgrade, a real client, and the server side's TCP socket. */
async function connect() {
  const httpServer = http.createServer();
  const wss = new CoalescingWebSocketServer({ noServer: true });
  const accepted = new Promise<{ ws: CoalescingWebSocket; tcp: Duplex }>((resolve) => {
    httpServer.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => resolve({ ws: ws as CoalescingWebSocket, tcp: socket })));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  await new Promise((resolve) => client.once('open', resolve));
  const { ws, tcp } = await accepted;
  const close = async () => {
    client.terminate();
    ws.terminate();
    await new Promise((resolve) => httpServer.close(resolve));
  };
  return { ws, tcp: tcp as Duplex & { writableCorked: number; writableLength: number }, received, client, close };
}

describe('frame coalescing', () => {
  it('holds the frames of one event-loop turn in the TCP socket and writes them together when the turn ends, in order', async () => {
    const { ws, tcp, received, close } = await connect();
    try {
      ws.send('first');
      await new Promise((resolve) => process.nextTick(resolve));
      ws.send('second');
      // not handed to the kernel yet: both frames wait in the corked socket
      expect(tcp.writableCorked).toBe(1);
      expect(tcp.writableLength).toBeGreaterThan('firstsecond'.length);
      await turn();
      expect(tcp.writableCorked).toBe(0);
      expect(tcp.writableLength).toBe(0);
      for (let i = 0; i < 50 && received.length < 2; i++) await turn();
      expect(received).toEqual(['first', 'second']);
    } finally {
      await close();
    }
  });

  it('calls the sender back before the write, so the next frame of the same turn joins it', async () => {
    const { ws, tcp, close } = await connect();
    try {
      const order: string[] = [];
      ws.send('a', () => {
        order.push('a sent');
        // as Engine.io does: its next packet goes out from the previous one's callback
        ws.send('b', () => order.push('b sent'));
        order.push(`corked ${tcp.writableCorked}`);
      });
      await turn();
      expect(order).toEqual(['a sent', 'corked 1', 'b sent']);
    } finally {
      await close();
    }
  });

  it('reports a send after close as ws does', async () => {
    const { ws, close } = await connect();
    ws.close();
    const error = await new Promise<Error | undefined>((resolve) => ws.send('late', resolve));
    expect(error?.message).toMatch(/not open|CLOSING|CLOSED/i);
    await close();
  });
});
