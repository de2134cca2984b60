import { Injectable } from '@nestjs/common';
import type { InboxScope } from '../inbox/access.service.js';
import { Db } from '../../common/database/db.service.js';

/** The figures of a period (or of one day of it). Durations in seconds, rounded; null when nothing to measure. */
export interface PeriodFigures {
  chatsStarted: number;
  accepted: number;
  missed: number;
  transferred: number;
  avgWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  avgHandlingSeconds: number | null;
}

export interface DayFigures extends PeriodFigures {
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
}

export interface InboxNow {
  id: string;
  name: string;
  waiting: number;
  /** When the longest-waiting chat was queued; null when none waits. */
  oldestWaitingSince: Date | null;
  active: number;
  agentsOnline: number;
}

export interface AgentNow {
  id: string;
  name: string;
  presence: string;
  activeChats: number;
  capacity: number;
}

/** What the figures are computed over: an organization, the caller's inboxes (and maybe one of them), a time range. */
export interface ReportRange {
  scope: InboxScope;
  inboxId?: string;
  from: Date;
  to: Date;
}

const NOT_ACCEPTED_YET = ['waiting', 'assigning'];
const ACTIVE = ['assigned', 'transferring'];
/** What counts against an agent's capacity (as in routing). */
const OCCUPYING = ['assigning', 'assigned', 'transferring'];

/**
 * The read model of the supervisor's overview and reports: the only place
 * that knows the SQL behind them. It reads `transactions`, `transfers`,
 * `inboxes`, `inbox_agents`, `users` and `organizations` directly because
 * every figure is an aggregate the database computes (COUNT, AVG, a
 * nearest-rank percentile with window functions): no row is loaded into the
 * process. Written once for MariaDB/MySQL and SQLite: only the date
 * arithmetic differs (see `msBetween` and `dayOf`).
 *
 * Every figure is of the chats *started* in the range (by `createdAt`, UTC
 * days), counted in the inbox they are in now.
 */
@Injectable()
export class ReportReadModel {
  constructor(private readonly db: Db) {}

  private get sqlite() {
    return this.db.isSqlite;
  }

  /** Milliseconds from `a` to `b` (both datetime columns). */
  private msBetween(a: string, b: string): string {
    return this.sqlite ? `((julianday(${b}) - julianday(${a})) * 86400000.0)` : `(TIMESTAMPDIFF(MICROSECOND, ${a}, ${b}) / 1000.0)`;
  }

  /** The UTC day of a datetime column as `YYYY-MM-DD`. */
  private dayOf(column: string): string {
    return this.sqlite ? `substr(${column}, 1, 10)` : `DATE_FORMAT(${column}, '%Y-%m-%d')`;
  }

  /** Datetimes are stored in UTC as `YYYY-MM-DD HH:MM:SS.mmm` on both drivers. */
  private param(date: Date): string {
    return date.toISOString().replace('T', ' ').replace('Z', '');
  }

  /** `WHERE` of the chats of a range: organization, visible inboxes, optional inbox, start time. */
  private rangeWhere(range: ReportRange, alias: string): { sql: string; params: unknown[] } {
    const parts = [`${alias}.organizationId = ?`, `${alias}.createdAt >= ?`, `${alias}.createdAt < ?`];
    const params: unknown[] = [range.scope.organizationId, this.param(range.from), this.param(range.to)];
    const scoped = this.scopeWhere(range.scope, `${alias}.inboxId`);
    parts.push(scoped.sql);
    params.push(...scoped.params);
    if (range.inboxId) {
      parts.push(`${alias}.inboxId = ?`);
      params.push(range.inboxId);
    }
    return { sql: parts.join(' AND '), params };
  }

  private scopeWhere(scope: InboxScope, column: string): { sql: string; params: unknown[] } {
    if (scope.all) return { sql: '1 = 1', params: [] };
    if (scope.inboxIds.length === 0) return { sql: '1 = 0', params: [] };
    return { sql: `${column} IN (${scope.inboxIds.map(() => '?').join(', ')})`, params: scope.inboxIds };
  }

  /** The figures per UTC day of the range (days without chats are left out) and for the whole range. */
  async summary(range: ReportRange): Promise<{ totals: PeriodFigures; days: DayFigures[] }> {
    const [days, totals] = await Promise.all([this.figures(range, this.dayOf('t.createdAt')), this.figures(range, "'all'")]);
    const empty: PeriodFigures = { chatsStarted: 0, accepted: 0, missed: 0, transferred: 0, avgWaitSeconds: null, p90WaitSeconds: null, avgHandlingSeconds: null };
    const { date: _all, ...total } = totals[0] ?? { date: 'all', ...empty };
    return { totals: total, days };
  }

  private async figures(range: ReportRange, groupKey: string): Promise<DayFigures[]> {
    const where = this.rangeWhere(range, 't');
    const wait = this.msBetween('t.createdAt', 't.firstAssignedAt');
    const handling = this.msBetween('t.firstAssignedAt', 't.endedAt');
    const rows = await this.db.manager.query(
      `SELECT ${groupKey} AS d,
              COUNT(*) AS started,
              SUM(CASE WHEN t.firstAssignedAt IS NOT NULL THEN 1 ELSE 0 END) AS accepted,
              SUM(CASE WHEN t.status = 'failed' THEN 1 ELSE 0 END) AS missed,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM transfers r WHERE r.transactionId = t.id AND r.status = 'accepted') THEN 1 ELSE 0 END) AS transferred,
              AVG(CASE WHEN t.firstAssignedAt IS NOT NULL THEN ${wait} END) AS avgWait,
              AVG(CASE WHEN t.status = 'ended' AND t.firstAssignedAt IS NOT NULL THEN ${handling} END) AS avgHandling
         FROM transactions t
        WHERE ${where.sql}
        GROUP BY ${groupKey === "'all'" ? '1' : groupKey}
        ORDER BY 1`,
      where.params,
    );
    // nearest-rank p90: the smallest wait w such that at least 90 % of the waits are <= w
    const p90Rows: Array<{ d: string; p90: unknown }> = await this.db.manager.query(
      `SELECT w.d AS d, MIN(w.ms) AS p90
         FROM (SELECT ${groupKey} AS d, ${wait} AS ms,
                      ROW_NUMBER() OVER (PARTITION BY ${groupKey} ORDER BY ${wait}) AS rn,
                      COUNT(*) OVER (PARTITION BY ${groupKey}) AS n
                 FROM transactions t
                WHERE ${where.sql} AND t.firstAssignedAt IS NOT NULL) w
        WHERE w.rn * 10 >= w.n * 9
        GROUP BY w.d`,
      where.params,
    );
    const p90 = new Map(p90Rows.map((r) => [String(r.d), seconds(r.p90)]));
    return rows.map((r: Record<string, unknown>) => ({
      date: String(r.d),
      chatsStarted: Number(r.started),
      accepted: Number(r.accepted ?? 0),
      missed: Number(r.missed ?? 0),
      transferred: Number(r.transferred ?? 0),
      avgWaitSeconds: seconds(r.avgWait),
      p90WaitSeconds: p90.get(String(r.d)) ?? null,
      avgHandlingSeconds: seconds(r.avgHandling),
    }));
  }

  /** Per visible inbox, now: chats not yet accepted (and since when the oldest waits), active chats, agents online. */
  async inboxesNow(scope: InboxScope): Promise<InboxNow[]> {
    const scoped = this.scopeWhere(scope, 'i.id');
    const list = (statuses: string[]) => statuses.map((s) => `'${s}'`).join(', ');
    const rows: Array<Record<string, unknown>> = await this.db.manager.query(
      `SELECT i.id AS id, i.name AS name,
              (SELECT COUNT(*) FROM transactions t WHERE t.inboxId = i.id AND t.status IN (${list(NOT_ACCEPTED_YET)})) AS waiting,
              (SELECT MIN(t.queuedAt) FROM transactions t WHERE t.inboxId = i.id AND t.status IN (${list(NOT_ACCEPTED_YET)})) AS oldest,
              (SELECT COUNT(*) FROM transactions t WHERE t.inboxId = i.id AND t.status IN (${list(ACTIVE)})) AS active,
              (SELECT COUNT(*) FROM inbox_agents a JOIN users u ON u.id = a.userId WHERE a.inboxId = i.id AND u.presence = 'online') AS online
         FROM inboxes i
        WHERE i.organizationId = ? AND ${scoped.sql}
        ORDER BY i.name, i.id`,
      [scope.organizationId, ...scoped.params],
    );
    return rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      waiting: Number(r.waiting),
      oldestWaitingSince: r.oldest == null ? null : asDate(r.oldest),
      active: Number(r.active),
      agentsOnline: Number(r.online),
    }));
  }

  async inboxNames(scope: InboxScope): Promise<Array<{ id: string; name: string }>> {
    const scoped = this.scopeWhere(scope, 'i.id');
    const rows: Array<Record<string, unknown>> = await this.db.manager.query(
      `SELECT i.id AS id, i.name AS name FROM inboxes i WHERE i.organizationId = ? AND ${scoped.sql} ORDER BY i.name, i.id`,
      [scope.organizationId, ...scoped.params],
    );
    return rows.map((r) => ({ id: String(r.id), name: String(r.name) }));
  }

  /** The agents of the visible inboxes: presence, chats occupying them, and their capacity. */
  async agentsNow(scope: InboxScope): Promise<AgentNow[]> {
    const scoped = this.scopeWhere(scope, 'a.inboxId');
    const rows: Array<Record<string, unknown>> = await this.db.manager.query(
      `SELECT u.id AS id, u.name AS name, u.presence AS presence,
              COALESCE(u.maxActiveChats, o.maxActiveChatsPerAgent) AS capacity,
              (SELECT COUNT(*) FROM transactions t WHERE t.assigneeId = u.id AND t.status IN (${OCCUPYING.map((s) => `'${s}'`).join(', ')})) AS active
         FROM users u JOIN organizations o ON o.id = u.organizationId
        WHERE u.organizationId = ?
          AND u.id IN (SELECT a.userId FROM inbox_agents a JOIN inboxes i ON i.id = a.inboxId WHERE i.organizationId = ? AND ${scoped.sql})
        ORDER BY u.name, u.id`,
      [scope.organizationId, scope.organizationId, ...scoped.params],
    );
    return rows.map((r) => ({ id: String(r.id), name: String(r.name), presence: String(r.presence), activeChats: Number(r.active), capacity: Number(r.capacity) }));
  }
}

function seconds(ms: unknown): number | null {
  return ms == null ? null : Math.round(Number(ms) / 1000);
}

function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}
