import 'reflect-metadata';
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Server as HttpServer } from 'node:http';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.factory.js';
import { Clock } from '../../src/common/clock/clock.js';
import { shutDown } from '../../src/common/lifecycle/graceful-shutdown.js';
import { Sweeper } from '../../src/common/scheduling/sweeper.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { FakeClock } from './fake-clock.js';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestApp {
  app: INestApplication;
  url: string;
  clock: FakeClock;
  env: Record<string, string>;
  http: () => ReturnType<typeof request>;
  /** Runs the deadline sweeper once, as the scheduler would. */
  sweep: () => Promise<void>;
  close: () => Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse a database (a second instance, or a restart). */
  database?: TestDatabase;
  clock?: FakeClock;
  /** Listen on this port (a restart on the same address); default: a free one. */
  port?: number;
}

/** Boots the whole application on a real database and a real port. */
export async function startApp(options: StartOptions = {}): Promise<TestApp & { database: TestDatabase }> {
  const database = options.database ?? (await createTestDatabase());
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    JWT_SECRET: TEST_SECRET,
    BCRYPT_ROUNDS: '4',
    SWEEP_INTERVAL_MS: '0',
    ADMIN_ENABLED: 'false',
    LOG_LEVEL: 'error',
    VISITOR_RATE_LIMIT_PER_MINUTE: '1000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ...database.env,
    ...options.env,
  };
  const clock = options.clock ?? new FakeClock();
  const moduleRef = await Test.createTestingModule({ imports: [await AppModule.forRoot({ env })] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.listen(options.port ?? 0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const ownsDatabase = !options.database;
  return {
    app,
    url,
    clock,
    env,
    database,
    http: () => request(app.getHttpServer()),
    sweep: () => app.get(Sweeper).runOnce(),
    // the app's own graceful stop (graceful-shutdown.ts): browsers' keep-alive connections and
    // requests waiting for a pooled connection cannot hold the close up
    close: async () => {
      // if a close ever waits long again, say on what (it once hung a restart test in CI)
      const server = app.getHttpServer() as HttpServer;
      const slow = setTimeout(() => {
        server.getConnections((_err, open) => console.error(`app.close() still waiting after 30 s: ${open} HTTP connections open, resources ${JSON.stringify(process.getActiveResourcesInfo())}`));
      }, 30_000);
      try {
        await shutDown(app, 10_000);
      } finally {
        clearTimeout(slow);
      }
      if (ownsDatabase) await database.drop();
    },
  };
}

/** The app of a spec file (or describe block), as given by `useApp`. */
export type AppFixture = TestApp & {
  database: TestDatabase;
  /** Puts another app on the same database (a restart) in this one's place; the fixture closes it at the end. */
  replace(next: TestApp): void;
};

/**
 * The one way a spec boots its app: `const t = useApp(options)` at the top of a
 * describe block boots the whole application on a fresh database of the database
 * under test (`TEST_DB`) before its tests, and closes it and drops the database
 * after them. `t` may be used in hooks and tests (not while the file is collected).
 */
const BOOT_TIMEOUT_MS = 180_000;

export function useApp(options: StartOptions = {}): AppFixture {
  let current: TestApp | undefined;
  let database: TestDatabase | undefined;
  const owned = !options.database;
  // booting (migrations, and the AdminJS bundle when the panel is on) gets more time than a test on a busy machine
  beforeAll(async () => {
    database = options.database ?? (await createTestDatabase());
    current = await startApp({ ...options, database });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    try {
      await current?.close();
    } finally {
      if (owned) await database?.drop();
    }
  });
  const replace = (next: TestApp) => {
    current = next;
  };
  return new Proxy({} as AppFixture, {
    get(_, key) {
      if (key === 'replace') return replace;
      if (key === 'database') return database;
      if (!current) throw new Error(`useApp: the app boots in beforeAll; read t.${String(key)} in a hook or a test`);
      return current[key as keyof TestApp];
    },
  });
}

export const api = (path: string) => `/api/v1${path}`;

/** Opens a socket and waits for it to connect (or rejects with the connect_error). */
export function connectSocket(url: string, namespace: '/agent' | '/visitor', token?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url + namespace, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Resolves with the next payload of `event` (rejects after `ms`). */
export function nextEvent<T = any>(socket: Socket, event: string, ms = 5000, where: (p: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (payload: T) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

/** Collects every payload of `event` from now on. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

/** Emits with an acknowledgement and resolves with the ack. */
export function ask<T = any>(socket: Socket, event: string, payload: unknown, ms = 5000): Promise<T> {
  return socket.timeout(ms).emitWithAck(event, payload) as Promise<T>;
}

export async function until(check: () => Promise<boolean> | boolean, ms = 5000, every = 25): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error('condition not met in time');
}

/** For a test file: `track(socket)` closes the socket after the test that opened it. */
export function socketTracker(): (socket: Socket) => Socket {
  const sockets: Socket[] = [];
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });
  return (socket) => (sockets.push(socket), socket);
}
