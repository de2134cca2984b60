import { CanActivate, ExecutionContext, Global, Injectable, Module, OnModuleDestroy, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';
import type { Principal } from '../auth/principal.js';

export type RateLimitName = 'visitor-start' | 'visitor-config' | 'visitor-message' | 'visitor-upload' | 'login';

class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `Too many requests; retry in ${retryAfterSeconds} s`, 429);
  }
}

/**
 * Rate limits of the public endpoints, per client address (chat starts, login)
 * or per visitor (messages, uploads). With REDIS_URL the counters live in
 * Redis, so the limit holds across instances; otherwise in process memory.
 */
@Injectable()
export class RateLimits implements OnModuleDestroy {
  private readonly limiters: Record<RateLimitName, RateLimiterAbstract>;
  private readonly redis?: Redis;

  constructor(config: AppConfig) {
    const perMinute: Record<RateLimitName, number> = {
      'visitor-start': config.visitorRateLimitPerMinute,
      'visitor-config': config.visitorRateLimitPerMinute * 5,
      'visitor-message': config.visitorRateLimitPerMinute * 5,
      'visitor-upload': Math.max(10, Math.ceil(config.visitorRateLimitPerMinute / 3)),
      login: config.loginRateLimitPerMinute,
    };
    if (config.redisUrl) this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, lazyConnect: false, maxRetriesPerRequest: 1 });
    const make = (keyPrefix: string, points: number): RateLimiterAbstract =>
      this.redis
        ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: `rl:${keyPrefix}`, points, duration: 60, insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }) })
        : new RateLimiterMemory({ keyPrefix, points, duration: 60 });
    this.limiters = Object.fromEntries(Object.entries(perMinute).map(([name, points]) => [name, make(name, points)])) as Record<RateLimitName, RateLimiterAbstract>;
  }

  /** Counts one request; throws 429 `rate_limited` past the limit. */
  async consume(name: RateLimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
  }

  onModuleDestroy() {
    this.redis?.disconnect();
  }
}

const RATE_LIMIT_KEY = 'switchboard:rate-limit';

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<RateLimitName>(RATE_LIMIT_KEY, ctx.getHandler()) ?? this.reflector.get<RateLimitName>(RATE_LIMIT_KEY, ctx.getClass());
    if (!name) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const p = req.principal;
    const key = p?.kind === 'visitor' ? `customer:${p.customerId}` : `ip:${req.ip}`;
    try {
      await this.limits.consume(name, key);
    } catch (err) {
      if (err instanceof RateLimitedError) ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
    return true;
  }
}

/** Applies the named limit to a route or controller. */
export const RateLimit = (name: RateLimitName) => applyDecorators(SetMetadata(RATE_LIMIT_KEY, name), UseGuards(RateLimitGuard));

@Global()
@Module({ providers: [RateLimits, RateLimitGuard], exports: [RateLimits, RateLimitGuard] })
export class RateLimitModule {}
