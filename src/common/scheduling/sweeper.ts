import { BeforeApplicationShutdown, Global, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../clock/clock.js';

export type SweepTask = (now: Date) => Promise<unknown>;

/**
 * The one scheduled job that acts on stored deadlines (offers, transfers,
 * inactivity, stale sockets). Modules register a task at start; each task
 * claims due rows with conditional writes, so a deadline fires once even
 * with several instances sweeping, and nothing is lost across a restart
 * because the deadlines live in the database.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sweeper');
  private readonly tasks = new Map<string, SweepTask>();
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  register(name: string, task: SweepTask) {
    this.tasks.set(name, task);
  }

  onApplicationBootstrap() {
    const every = this.config.sweepIntervalMs;
    if (every > 0) this.scheduler.addInterval('deadline-sweeper', setInterval(() => void this.runOnce(), every));
  }

  /** No new pass; the pass in progress finishes (its claims commit) before the pools close. */
  async beforeApplicationShutdown() {
    this.stopped = true;
    if (this.scheduler.doesExist('interval', 'deadline-sweeper')) this.scheduler.deleteInterval('deadline-sweeper');
    await this.running;
  }

  /** One pass over every task; overlapping calls share the pass in progress. */
  runOnce(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass() {
    const now = this.clock.now();
    for (const [name, task] of this.tasks) {
      try {
        await task(now);
      } catch (err) {
        if (!this.stopped) this.logger.error(`sweep task ${name} failed: ${(err as Error).stack ?? err}`);
      }
    }
  }
}

@Global()
@Module({ providers: [Sweeper], exports: [Sweeper] })
export class SweeperModule {}
