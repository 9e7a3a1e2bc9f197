/**
 * Browser side of the render benchmark, shared by every subject page. A page calls
 * `startBench(subject)`; the Node driver then calls the measurements on `window.attuneBench`.
 *
 * "Rendered and painted" is measured the same way for everyone: the work starts at the
 * beginning of a frame (inside `requestAnimationFrame`), the subject's DOM is checked
 * after each microtask (libraries that render in a microtask, like Lit, finish before that
 * frame's paint) and then at every later frame; once the DOM shows the result, a task
 * posted from that frame runs after its style, layout and paint, and that is the end time.
 */
import { transcript, type BenchMessage } from '../transcript.js';
import { REPLY_END } from '../reply.js';

/** What each subject page implements, with the library's public API only. */
export interface Subject {
  name: string;
  /** Creates the widget in `host` with `history` already loaded (empty for the empty widget). */
  mount(host: HTMLElement, history: BenchMessage[]): void | Promise<void>;
  /** Untimed set-up of the next append (e.g. typing into a composer). */
  prepare?(message: BenchMessage): void | Promise<void>;
  /** Appends one message the way an app using the library would. */
  append(message: BenchMessage): void | Promise<void>;
  /** True once the widget's composer (its text input) is in the DOM. */
  ready(): boolean;
  /** Transcript messages in the DOM. */
  count(): number;
  /** Text content of the last transcript message in the DOM. */
  lastText(): string;
  /** Streams an agent reply with the library's own streaming API (the pages of the streaming benchmark). */
  stream?: {
    /** Untimed: the customer's question and whatever opens the reply, so the first chunk can follow. */
    open(question: BenchMessage): Promise<void>;
    /** One token as it arrives from the network. */
    chunk(text: string): void;
    /** The stream ends; `full` is the whole reply. */
    close(full: string): void | Promise<void>;
  };
}

export interface StreamFigures {
  /** First token → the final text painted, ms. */
  ms: number;
  tokens: number;
  /** Long tasks (> 50 ms) from the first token until the page is quiet after the final text. */
  longTasks: number;
  longestTaskMs: number;
}

export interface LoadFigures {
  ms: number;
  longTasks: number;
  longTaskMs: number;
}

export interface BenchApi {
  subject: string;
  /** Set when the page mounted an empty widget on load (`?empty`): ms since navigation start, and mount → painted. */
  firstRender: Promise<{ sinceNavigation: number; mount: number }> | undefined;
  renderTranscript(count: number): Promise<number>;
  load(count: number): Promise<LoadFigures>;
  appendSeries(times: number, from: number): Promise<number[]>;
  /** Mounts `load` messages, adds the customer's question and opens the reply; untimed. */
  prepareStream(load: number): Promise<void>;
  /** Streams `tokens` at `perSecond` on a fixed schedule (late tokens go out together, as a network delivers them). */
  streamReply(tokens: string[], perSecond: number): Promise<StreamFigures>;
  count(): number;
}

declare global {
  interface Window {
    attuneBench: BenchApi;
  }
}

const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));

/** Resolves in a task that runs after the current frame's rendering update (when called from a frame). */
const afterPaint = (): Promise<number> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  });

/** Waits until `done()` holds, then for the frame that shows it to be painted; returns that time. */
async function painted(done: () => boolean, timeoutMs = 60_000): Promise<number> {
  for (let i = 0; i < 200; i++) {
    if (done()) return afterPaint();
    await null;
  }
  const limit = performance.now() + timeoutMs;
  while (performance.now() < limit) {
    await frame();
    if (done()) return afterPaint();
  }
  throw new Error('timed out waiting for the subject to render');
}

/** Waits until no long task and no frame has been slower than 50 ms for `quietMs`. */
async function settle(quietMs = 150): Promise<void> {
  let last = performance.now();
  const start = last;
  while (performance.now() - start < 10_000) {
    const now = await frame();
    if (now - last > 50) {
      last = now;
      continue;
    }
    if (now - start >= quietMs) return;
    last = now;
  }
}

function host(): HTMLElement {
  document.getElementById('host')?.remove();
  const el = document.createElement('div');
  el.id = 'host';
  document.body.append(el);
  return el;
}

export function startBench(subject: Subject): void {
  const params = new URLSearchParams(location.search);
  let firstRender: BenchApi['firstRender'];
  if (params.has('empty')) {
    const start = performance.now();
    firstRender = Promise.resolve(subject.mount(host(), [])).then(async () => {
      const end = await painted(() => subject.ready());
      return { sinceNavigation: end, mount: end - start };
    });
  }

  const api: BenchApi = {
    subject: subject.name,
    firstRender,
    async renderTranscript(count) {
      const history = transcript(count);
      const el = host();
      await frame();
      const start = performance.now();
      await subject.mount(el, history);
      const end = await painted(() => subject.ready() && subject.count() >= count);
      return end - start;
    },
    async load(count) {
      const history = transcript(count);
      const el = host();
      const tasks: PerformanceEntry[] = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
      observer.observe({ type: 'longtask' });
      await frame();
      const start = performance.now();
      await subject.mount(el, history);
      const end = await painted(() => subject.ready() && subject.count() >= count);
      await settle();
      tasks.push(...observer.takeRecords());
      observer.disconnect();
      const during = tasks.filter((t) => t.startTime + t.duration >= start);
      return { ms: end - start, longTasks: during.length, longTaskMs: during.reduce((sum, t) => sum + t.duration, 0) };
    },
    async appendSeries(times, from) {
      const out: number[] = [];
      const next = transcript(times, { offset: from, seed: 1234 });
      for (const message of next) {
        await subject.prepare?.(message);
        await frame();
        const start = performance.now();
        await subject.append(message);
        const end = await painted(() => subject.lastText().includes(message.text));
        out.push(end - start);
        // Let the subject finish any deferred work (scrolling, animations) before the next one.
        await frame();
        await frame();
      }
      return out;
    },
    async prepareStream(load) {
      if (!subject.stream) throw new Error(`${subject.name} has no streaming page`);
      await subject.mount(host(), transcript(load));
      await painted(() => subject.ready() && subject.count() >= load);
      await subject.stream.open(transcript(1, { offset: load, seed: 99 })[0]!);
      await settle();
    },
    async streamReply(tokens, perSecond) {
      const stream = subject.stream;
      if (!stream) throw new Error(`${subject.name} has no streaming page`);
      const tasks: PerformanceEntry[] = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
      observer.observe({ type: 'longtask' });
      await frame();
      const start = performance.now();
      const interval = 1000 / perSecond;
      let sent = 0;
      await new Promise<void>((resolve) => {
        const tick = (): void => {
          const due = Math.min(tokens.length, Math.floor((performance.now() - start) / interval) + 1);
          while (sent < due) stream.chunk(tokens[sent++]!);
          if (sent === tokens.length) return resolve();
          setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
        };
        tick();
      });
      await stream.close(tokens.join(''));
      const end = await painted(() => subject.lastText().includes(REPLY_END));
      await settle();
      tasks.push(...observer.takeRecords());
      observer.disconnect();
      const during = tasks.filter((t) => t.startTime + t.duration >= start);
      return { ms: end - start, tokens: tokens.length, longTasks: during.length, longestTaskMs: Math.max(0, ...during.map((t) => t.duration)) };
    },
    count: () => subject.count(),
  };
  window.attuneBench = api;
}
