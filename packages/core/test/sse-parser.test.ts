import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser, type SseEvent } from '../src/transport/index.js';

function parse(chunks: readonly string[]): SseEvent[] {
  const events: SseEvent[] = [];
  const parser = createSseParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(chunk);
  return events;
}

const stream =
  ': heartbeat\r\n\r\nid: 1\r\ndata: {"a":1}\r\n\r\nevent: custom\ndata: line one\ndata: line two\n\nretry: 3000\rdata:no-space\r\r:ping\n\ndata\n\n';
const expected: SseEvent[] = [
  { event: 'message', data: '{"a":1}', id: '1' },
  { event: 'custom', data: 'line one\nline two', id: '1' },
  { event: 'message', data: 'no-space', id: '1', retry: 3000 },
  { event: 'message', data: '', id: '1' },
];

test('parses data, multi-line data, comments, event, id, retry with LF, CR and CRLF', () => {
  assert.deepEqual(parse([stream]), expected);
});

test('chunk boundaries anywhere give the same events (every split point, including inside CRLF)', () => {
  for (let i = 0; i <= stream.length; i++) {
    assert.deepEqual(parse([stream.slice(0, i), stream.slice(i)]), expected, `split at ${i}`);
  }
  assert.deepEqual(parse(Array.from(stream)), expected, 'one character at a time');
});

test('no event is dispatched without a blank line, or with no data', () => {
  assert.deepEqual(parse(['data: half']), []);
  assert.deepEqual(parse(['event: x\nid: 7\n\n']), []);
});

test('a leading BOM is ignored; one space after the colon is stripped, not two', () => {
  assert.deepEqual(parse(['\ufeffdata:  two spaces\n\n']), [{ event: 'message', data: ' two spaces', id: '' }]);
});

test('invalid retry and ids with NUL are ignored', () => {
  assert.deepEqual(parse(['retry: 1a\nid: a\0b\ndata: x\n\n']), [{ event: 'message', data: 'x', id: '' }]);
});
