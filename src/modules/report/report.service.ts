import { Injectable } from '@nestjs/common';
import { AccessService } from '../inbox/access.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import type { LiveOverviewView, ReportSummaryQuery, ReportSummaryView } from './dto/report.dto.js';
import { invalidPeriod } from './report.errors.js';
import { ReportReadModel } from './report.read-model.js';

const DAY_MS = 86_400_000;
const MAX_PERIOD_DAYS = 366;

/**
 * The supervisor's figures: the live overview (the admin panel's home) and
 * reports over a period. Both obey the access rule: a caller sees the inboxes
 * `AccessService.inboxScope` gives them (members their inboxes; owners and
 * admins all only with the Contact Center license), and another inbox's id
 * is "not found".
 */
@Injectable()
export class ReportService {
  constructor(
    private readonly access: AccessService,
    private readonly readModel: ReportReadModel,
    private readonly clock: Clock,
  ) {}

  async summary(caller: Principal, query: ReportSummaryQuery): Promise<ReportSummaryView> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(to.getTime() > from.getTime()) || to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) throw invalidPeriod();
    if (query.inboxId) await this.access.visibleInbox(caller, query.inboxId);
    const scope = await this.access.inboxScope(caller);
    const { totals, days } = await this.readModel.summary({ scope, inboxId: query.inboxId, from, to });
    return { from: from.toISOString(), to: to.toISOString(), inboxId: query.inboxId ?? null, groupBy: query.groupBy ?? 'day', totals, days };
  }

  async live(caller: Principal): Promise<LiveOverviewView> {
    const now = this.clock.now();
    const scope = await this.access.inboxScope(caller);
    const startOfDay = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    const [inboxes, agents, today] = await Promise.all([
      this.readModel.inboxesNow(scope),
      this.readModel.agentsNow(scope),
      // `to` just after now, so a chat started this very millisecond counts
      this.readModel.summary({ scope, from: startOfDay, to: new Date(now.getTime() + 1) }),
    ]);
    return {
      at: now.toISOString(),
      allInboxes: scope.all,
      inboxes: inboxes.map(({ oldestWaitingSince, ...inbox }) => ({
        ...inbox,
        longestWaitSeconds: oldestWaitingSince ? Math.max(0, Math.round((now.getTime() - oldestWaitingSince.getTime()) / 1000)) : null,
      })),
      agents,
      today: today.totals,
    };
  }

  /** The inboxes the caller may report on, by name. */
  async inboxes(caller: Principal): Promise<Array<{ id: string; name: string }>> {
    return this.readModel.inboxNames(await this.access.inboxScope(caller));
  }

  /** The summary as CSV: one line per day, then a `total` line. */
  async summaryCsv(caller: Principal, query: ReportSummaryQuery): Promise<string> {
    const report = await this.summary(caller, query);
    const header = ['date', 'chats_started', 'accepted', 'missed', 'transferred', 'avg_wait_seconds', 'p90_wait_seconds', 'avg_handling_seconds'];
    const line = (date: string, f: ReportSummaryView['totals']) =>
      [date, f.chatsStarted, f.accepted, f.missed, f.transferred, f.avgWaitSeconds ?? '', f.p90WaitSeconds ?? '', f.avgHandlingSeconds ?? ''].join(',');
    return [header.join(','), ...report.days.map((d) => line(d.date, d)), line('total', report.totals)].join('\r\n') + '\r\n';
  }
}
