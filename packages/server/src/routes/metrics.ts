// Metrics routes, behind the agent login like every /agent route: team figures over a date
// range, one conversation's summary and scorecard with its evidence, and the metrics page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.js';
import type { AgentAccount } from '../auth/agents.js';
import { HttpError } from '../errors.js';
import { parseRange, toCsv } from '../metrics.js';
import { CSP } from './console.js';
import { METRICS_HTML, METRICS_JS } from './metrics-page.js';

export interface AgentGuards {
  account(req: FastifyRequest): Promise<AgentAccount>;
  conversationId(req: FastifyRequest): string;
}

export function metricsRoutes(app: FastifyInstance, ctx: AppContext, guards: AgentGuards): void {
  const { service, metrics } = ctx;

  app.get('/agent/metrics', async (req, reply) => {
    await guards.account(req);
    const { from, to } = parseRange(req.query, Date.now());
    const format = (req.query as { format?: unknown }).format;
    if (format !== undefined && format !== 'json' && format !== 'csv') throw new HttpError(400, 'metrics/format', '`format` must be json or csv');
    const report = await metrics.report(from, to);
    if (format === undefined) return report;
    // An export: a file named after its range, downloaded rather than shown.
    const name = `attune-metrics-${new Date(from).toISOString().slice(0, 10)}-to-${new Date(to - 1).toISOString().slice(0, 10)}.${format}`;
    void reply.header('content-disposition', `attachment; filename="${name}"`);
    if (format === 'json') return report;
    return reply.type('text/csv; charset=utf-8').send(toCsv(report.conversations));
  });

  app.get('/agent/conversations/:id/summary', async (req) => {
    await guards.account(req);
    const id = guards.conversationId(req);
    const meta = await service.meta(id);
    return metrics.conversation(meta, await service.read(id, 0));
  });
}

/** The page itself carries no data (that needs the login), so it is served like the console. */
export function metricsPageRoutes(app: FastifyInstance): void {
  app.get('/console/metrics', async (_req, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).send(METRICS_HTML));
  app.get('/console/metrics.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('content-security-policy', CSP).send(METRICS_JS));
}
