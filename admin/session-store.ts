import { Injectable, OnModuleDestroy } from '@nestjs/common';
import session from 'express-session';
import { Redis } from 'ioredis';
import { AppConfig } from '../src/common/config/app-config.js';

/** How long an admin stays logged in without coming back. */
export const ADMIN_SESSION_TTL_SECONDS = 12 * 3600;

/** express-session store in Redis: with several instances behind a load balancer, any of them knows the session. */
class RedisSessionStore extends session.Store {
  constructor(private readonly redis: Redis) {
    super();
  }

  private key = (sid: string) => `admin-session:${sid}`;

  override get(sid: string, done: (err: unknown, session?: session.SessionData | null) => void) {
    this.redis.get(this.key(sid)).then((raw) => done(null, raw ? JSON.parse(raw) : null), done);
  }

  override set(sid: string, data: session.SessionData, done?: (err?: unknown) => void) {
    this.redis.set(this.key(sid), JSON.stringify(data), 'EX', ADMIN_SESSION_TTL_SECONDS).then(() => done?.(), (err) => done?.(err));
  }

  override touch(sid: string, _data: session.SessionData, done?: (err?: unknown) => void) {
    this.redis.expire(this.key(sid), ADMIN_SESSION_TTL_SECONDS).then(() => done?.(), (err) => done?.(err));
  }

  override destroy(sid: string, done?: (err?: unknown) => void) {
    this.redis.del(this.key(sid)).then(() => done?.(), (err) => done?.(err));
  }
}

/**
 * Where admin sessions live: Redis when REDIS_URL is set (shared by every
 * instance), otherwise express-session's memory store (one process, the
 * embedded setup).
 */
@Injectable()
export class AdminSessionStore implements OnModuleDestroy {
  private readonly redis?: Redis;
  readonly store?: session.Store;

  constructor(config: AppConfig) {
    if (config.redisUrl) {
      this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
      this.store = new RedisSessionStore(this.redis);
    }
  }

  onModuleDestroy() {
    this.redis?.disconnect();
  }
}
