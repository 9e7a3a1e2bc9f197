// Reading an exported CSV back, as a spreadsheet would, and the team figures it gives:
// shared by the API test and the page's Chromium test (export → re-import → same figures).
import assert from 'node:assert/strict';
import { distribution, type AggregateSummary } from '@attune/core/metrics';

/** A minimal RFC 4180 reader (quotes, doubled quotes, CRLF). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') {
      endCell();
      rows.push(row);
      row = [];
    } else if (ch !== '\r') cell += ch;
  }
  const [head, ...body] = rows;
  assert.ok(head);
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

/** The team figures a spreadsheet would compute from the exported rows. */
export function figuresFromCsv(rows: readonly Record<string, string>[]) {
  const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));
  const present = (v: number | null): v is number => v !== null;
  const scored = rows.map((r) => num(r.csat)).filter(present);
  const negative = rows.filter((r) => (num(r.startingValence) ?? 0) < 0 && r.toneImproved !== '');
  const confirmed = rows.reduce((s, r) => s + Number(r.echoesConfirmed), 0);
  const corrected = rows.reduce((s, r) => s + Number(r.echoesCorrected), 0);
  const byTone: Record<string, { sum: number; count: number }> = {};
  for (const r of rows) {
    const score = num(r.csat);
    if (score === null || !r.startingTone) continue;
    const t = (byTone[r.startingTone] ??= { sum: 0, count: 0 });
    t.sum += score;
    t.count++;
  }
  return {
    conversations: rows.length,
    resolved: rows.filter((r) => r.resolved === 'true').length,
    firstReplyP50: distribution(rows.map((r) => num(r.firstReplyMs)).filter(present)).p50,
    resolutionP90: distribution(rows.map((r) => num(r.resolutionMs)).filter(present)).p90,
    csatMean: scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null,
    csatByTone: Object.fromEntries(Object.entries(byTone).map(([tone, t]) => [tone, { mean: t.sum / t.count, count: t.count }])),
    toneImproved: negative.filter((r) => r.toneImproved === 'true').length,
    negativeStarts: negative.length,
    echoConfirmed: confirmed / (confirmed + corrected),
    handoffsTaken: rows.filter((r) => r.handoffTaken === 'true').length,
  };
}

export function figuresFromTeam(team: AggregateSummary) {
  return {
    conversations: team.conversations,
    resolved: team.rates.resolved.count,
    firstReplyP50: team.timings.firstReplyMs.p50,
    resolutionP90: team.timings.resolutionMs.p90,
    csatMean: team.csat.mean,
    csatByTone: team.csat.byStartingTone,
    toneImproved: team.rates.toneImproved.count,
    negativeStarts: team.rates.toneImproved.of,
    echoConfirmed: team.rates.echoConfirmed.rate,
    handoffsTaken: team.rates.handoffTaken.count,
  };
}
