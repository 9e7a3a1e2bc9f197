import { AttuneError } from '@attune/core';

/** Line and column (1-based) of a character offset in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * Parses flow JSON, turning a syntax error into `flow/parse` with the line and column
 * (engines word their messages differently: V8 gives a position, Firefox a line and
 * column, Safari neither), plus the offending line for the console.
 */
export function parseFlowJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    const lc = /line (\d+) column (\d+)/i.exec(said);
    const pos = /position (\d+)/i.exec(said);
    const at = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : pos ? lineColumn(text, Number(pos[1])) : undefined;
    const where = at ? ` at line ${at.line}, column ${at.column}` : '';
    const excerpt = at ? `\n  ${text.split('\n')[at.line - 1]?.slice(0, 200) ?? ''}\n  ${' '.repeat(Math.max(0, at.column - 1))}^` : '';
    throw new AttuneError('flow/parse', `The flow ${source} is not valid JSON${where}: ${said}${excerpt}`, {
      cause: error,
      details: [{ path: at ? `line ${at.line}, column ${at.column}` : '', message: said }],
    });
  }
}

/**
 * Fetches and parses a flow's JSON: `flow/load` (network, HTTP status) or `flow/parse`
 * (JSON syntax, with the position). Validating it (`flow/invalid`) is the agent's
 * `defineFlow`, loaded on demand.
 */
export async function loadFlowJson(url: string, signal: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    const res = await fetch(url, { signal });
    if (!res.ok) throw new AttuneError('flow/load', `Could not load the flow ${url}: HTTP ${res.status}`);
    text = await res.text();
  } catch (error) {
    if (error instanceof AttuneError || signal.aborted) throw error;
    throw new AttuneError('flow/load', `Could not load the flow ${url}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      retryable: true,
    });
  }
  return parseFlowJson(text, url);
}
