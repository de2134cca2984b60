import { Logger, type INestApplicationContext } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { LeanIoAdapter } from './lean-io.adapter.js';

/** Socket.IO over Redis pub/sub: several instances deliver to each other's sockets. */
export class RedisIoAdapter extends LeanIoAdapter {
  private readonly redisLog = new Logger('RedisIoAdapter');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private closing = false;

  constructor(app: INestApplicationContext, url: string) {
    super(app);
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub = this.pub.duplicate();
    for (const client of [this.pub, this.sub]) client.on('error', (err: Error) => this.redisLog.warn(`redis: ${err.message}`));
    // The adapter publishes every broadcast and never looks at the outcome. A failed
    // publish (Redis away, or this client closing with broadcasts in flight) would be
    // an unhandled rejection, which ends the process: it is logged instead.
    const publish = this.pub.publish.bind(this.pub) as (channel: string, message: string) => Promise<number>;
    Object.assign(this.pub, {
      publish: (channel: string, message: string) =>
        publish(channel, message).catch((err: Error) => {
          if (!this.closing) this.redisLog.warn(`broadcast not published: ${err.message}`);
          return 0;
        }),
    });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  /**
   * Once every gateway is closed (Nest calls `close` per namespace, then this):
   * `quit` lets the broadcasts already sent get their replies before the
   * connections close (`disconnect` would fail them); a Redis that does not
   * answer gets 2 s.
   */
  override async dispose(): Promise<void> {
    this.closing = true;
    const quit = (client: Redis) =>
      Promise.race([client.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]).finally(() => client.disconnect());
    await Promise.all([quit(this.pub), quit(this.sub)]);
  }
}
