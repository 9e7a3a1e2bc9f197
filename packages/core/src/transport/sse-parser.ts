/** One Server-Sent Event. */
export interface SseEvent {
  /** `event:` field; `'message'` when absent. */
  event: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** Last `id:` seen on the stream (it persists across events, as in the spec). */
  id: string;
  retry?: number;
}

export interface SseParserOptions {
  /** Longest event (characters of `data` plus any unfinished line); a longer one is dropped whole. */
  max?: number;
  /** Called once per dropped event. */
  onOversize?: () => void;
}

export interface SseParser {
  /** Feeds decoded text; chunks may split lines, fields or CRLF pairs anywhere. */
  push(chunk: string): void;
}

/**
 * A streaming parser for `text/event-stream` (WHATWG HTML §9.2): LF, CR and CRLF line
 * ends, multi-line `data`, comments (heartbeats), `id`, `retry`, a leading BOM.
 *
 * @example
 * const parser = createSseParser((e) => console.log(e.data));
 * parser.push('data: hel'); parser.push('lo\n\n'); // logs "hello"
 */
export function createSseParser(onEvent: (event: SseEvent) => void, options: SseParserOptions = {}): SseParser {
  const max = options.max ?? Infinity;
  let size = 0;
  // The current event grew past `max`: its lines are skipped up to the blank line.
  let over = false;
  const drop = (): void => {
    if (!over) options.onOversize?.();
    over = true;
    data = [];
  };
  let buffer = '';
  let first = true;
  let skipLf = false;
  let data: string[] = [];
  let type = '';
  let lastId = '';
  let retry: number | undefined;

  const line = (text: string): void => {
    if (text === '') {
      if (data.length) onEvent({ event: type || 'message', data: data.join('\n'), id: lastId, ...(retry === undefined ? {} : { retry }) });
      data = [];
      type = '';
      retry = undefined;
      size = 0;
      over = false;
      return;
    }
    if (over || text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      if ((size += value.length) > max) drop();
    } else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };

  return {
    push(chunk) {
      if (first && chunk) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      // A CR ended the previous chunk: a LF right after it belongs to the same line end.
      if (skipLf && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLf = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        line(buffer.slice(start, i));
        if (c === '\r') {
          if (i + 1 === buffer.length) skipLf = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      if (buffer.length + size > max) {
        drop();
        buffer = '';
      }
    },
  };
}
