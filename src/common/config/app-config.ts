import { Injectable } from '@nestjs/common';
import os from 'node:os';
import path from 'node:path';
import { DEMO_JWT_SECRET, DEMO_OWNER, Environment } from './environment.js';

export type DatabaseSettings =
  | { type: 'sqlite'; file: string }
  | { type: 'mysql'; url: string };

/** JSON lines in production unless `LOG_FORMAT=text`; Nest's readable lines elsewhere unless `LOG_FORMAT=json`. */
export function logFormatOf(env: { LOG_FORMAT?: unknown; NODE_ENV?: unknown }): 'json' | 'text' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'text') return env.LOG_FORMAT;
  return env.NODE_ENV === 'production' ? 'json' : 'text';
}

/** Typed, derived view of the validated environment; the only config object modules inject. */
@Injectable()
export class AppConfig {
  /**
   * This process, in presence rows, logs and metrics: `INSTANCE_NAME` (default the
   * host name), the pid and the start time, so a restarted instance never adopts
   * the rows of the process it replaces.
   */
  readonly instanceId: string;

  constructor(readonly env: Environment) {
    this.instanceId = `${(env.INSTANCE_NAME ?? os.hostname()).slice(0, 40)}:${process.pid}:${Date.now().toString(36)}`;
  }


  get port() { return this.env.PORT; }
  get host() { return this.env.HOST; }
  get isEmbedded() { return !this.env.DATABASE_URL; }

  get database(): DatabaseSettings {
    return this.env.DATABASE_URL
      ? { type: 'mysql', url: this.env.DATABASE_URL }
      : { type: 'sqlite', file: path.resolve(this.env.DATA_DIR, 'switchboard.sqlite') };
  }

  get uploadDir() { return path.resolve(this.env.UPLOAD_DIR ?? path.join(this.env.DATA_DIR, 'uploads')); }
  /** The built pages (agent workspace, visitor widget): `npm run build:web` writes them to web/dist. */
  get webDir() { return path.resolve(this.env.WEB_DIR ?? 'web/dist'); }
  get jwtSecret() { return this.env.JWT_SECRET ?? DEMO_JWT_SECRET; }
  get jwtExpiresIn() { return this.env.JWT_EXPIRES_IN; }
  get redisUrl() { return this.env.REDIS_URL; }
  get signupEnabled() { return this.env.SIGNUP_ENABLED; }
  get bcryptRounds() { return this.env.BCRYPT_ROUNDS; }
  get sweepIntervalMs() { return this.env.SWEEP_INTERVAL_MS; }
  /** An instance whose agent sockets were not seen for this long (it crashed) has its presence rows swept. */
  get presenceStaleMs() { return this.env.PRESENCE_STALE_MS; }
  /** A SIGTERM drains and exits within this; past it the process exits anyway (status 1). */
  get shutdownTimeoutMs() { return this.env.SHUTDOWN_TIMEOUT_MS; }
  /** Bearer token of `GET /metrics`; unset: the endpoint answers 404. */
  get metricsToken() { return this.env.METRICS_TOKEN; }
  get visitorRateLimitPerMinute() { return this.env.VISITOR_RATE_LIMIT_PER_MINUTE; }
  get widgetAllowedOrigins() { return this.env.WIDGET_ALLOWED_ORIGINS?.trim() || null; }
  get loginRateLimitPerMinute() { return this.env.LOGIN_RATE_LIMIT_PER_MINUTE; }
  get logLevel() { return this.env.LOG_LEVEL; }
  get logFormat(): 'json' | 'text' { return logFormatOf(this.env); }
  get adminEnabled() { return this.env.ADMIN_ENABLED; }
  get adminCookieSecret() { return this.env.ADMIN_COOKIE_SECRET ?? `${this.jwtSecret}:admin-cookie`; }
  /** Where AdminJS writes its component bundle: a plain directory, because Express 5 refuses to serve `.adminjs/`. */
  get adminBundleDir() { return path.resolve(this.env.DATA_DIR, 'admin-bundle'); }

  /** Bootstrap owner: from the environment, or the documented demo account on the embedded database. */
  get bootstrapOwner(): { email: string; password: string; organizationName: string; isDemo: boolean } | null {
    if (this.env.BOOTSTRAP_OWNER_EMAIL && this.env.BOOTSTRAP_OWNER_PASSWORD) {
      return { email: this.env.BOOTSTRAP_OWNER_EMAIL, password: this.env.BOOTSTRAP_OWNER_PASSWORD, organizationName: this.env.BOOTSTRAP_ORGANIZATION_NAME, isDemo: false };
    }
    if (this.isEmbedded) return { ...DEMO_OWNER, organizationName: this.env.BOOTSTRAP_ORGANIZATION_NAME, isDemo: true };
    return null;
  }
}
