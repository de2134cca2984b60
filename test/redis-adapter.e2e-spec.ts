import { describe, expect, it } from '@jest/globals';
import { RedisIoAdapter } from '../src/modules/realtime/redis-io.adapter.js';
import { until } from './support/app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The Socket.IO Redis adapter publishes every broadcast without looking at the
 * outcome. A publish that fails — Redis away, or the client closed by a
 * graceful shutdown while broadcasts were still in flight — must not become an
 * unhandled rejection: Node ends the process on one (exit status 1 instead of
 * a clean stop after SIGTERM, or a crash of every instance on a Redis outage).
 */
describe('RedisIoAdapter', () => {
  it('closes with broadcasts in flight and after it, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const adapter = new RedisIoAdapter(undefined as never, REDIS_URL);
      const server = adapter.createIOServer(0);
      const { pub, sub } = adapter as unknown as Record<'pub' | 'sub', { status: string }>;
      await until(() => pub.status === 'ready' && sub.status === 'ready', 5000);
      const namespaces = [server.of('/agent'), server.of('/visitor')];
      for (let i = 0; i < 50; i++) namespaces[i % 2].to(`room:${i}`).emit('chat.updated', { i });
      // what Nest does on app.close(): close() per gateway namespace, then dispose()
      await Promise.all(namespaces.map((nsp) => adapter.close(nsp as never)));
      await adapter.dispose();
      namespaces[0].to('room:late').emit('chat.updated', { late: true });
      await new Promise((r) => setTimeout(r, 300));
      server.engine.close();
      server.httpServer.close();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled.map(String)).toEqual([]);
  });
});
