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
    count: () => subject.count(),
  };
  window.attuneBench = api;
}
