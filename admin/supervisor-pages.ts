import type { ActionContext } from 'adminjs';
import { DomainError } from '../src/common/errors/domain-error.js';
import { validateInput } from '../src/common/errors/validation.js';
import { ReportSummaryQuery } from '../src/modules/report/dto/report.dto.js';
import { principalOf, type AdminServices } from './service-action.js';

/**
 * The supervisor's pages of the panel: the home (live overview) and Reports.
 * Both read through `ReportService`, the service behind `GET /reports/live`
 * and `GET /reports/summary`, with the logged-in admin as the caller, so the
 * panel shows exactly what the API would (same access rule, same validation).
 * A refusal comes back as `{ error: <the API's sentence> }` for the page to show.
 */
type PageHandler = (request: { query?: Record<string, unknown> }, response: unknown, context: { currentAdmin?: unknown }) => Promise<unknown>;

function refusalsAsSentences(handler: PageHandler): PageHandler {
  return async (request, response, context) => {
    try {
      return await handler(request, response, context);
    } catch (err) {
      if (err instanceof DomainError) return { error: err.message, code: err.code };
      throw err;
    }
  };
}

export const dashboardHandler = (services: AdminServices): PageHandler =>
  refusalsAsSentences(async (_request, _response, context) => services.reports.live(await principalOf(context as ActionContext, services.users)));

export const reportsHandler = (services: AdminServices): PageHandler =>
  refusalsAsSentences(async (request, _response, context) => {
    const caller = await principalOf(context as ActionContext, services.users);
    const inboxes = await services.reports.inboxes(caller);
    const query = request.query ?? {};
    if (!query.from && !query.to) return { inboxes, report: null };
    const input = Object.fromEntries(['from', 'to', 'inboxId'].filter((k) => typeof query[k] === 'string' && query[k] !== '').map((k) => [k, query[k]]));
    const valid = await validateInput(ReportSummaryQuery, input);
    if (query.format === 'csv') return { inboxes, csv: await services.reports.summaryCsv(caller, valid) };
    return { inboxes, report: await services.reports.summary(caller, valid) };
  });
