import { validationError } from '../errors.js';
import type { AttuneErrorDetail } from '../errors.js';
import { hasOptionCount } from '../rules.js';
import type { Flow, FlowDefinition } from './flow.types.js';

type Obj = Record<string, unknown>;

// Per step type: required fields, then optional ones after '|'.
const FIELDS: Record<string, string> = {
  say: 'text next',
  echo: 'next',
  choose: 'prompt options',
  collect: 'field prompt next|pattern',
  handoff: '|text',
  recap: 'nextStep resolved|understood done',
  end: '',
};
const EXITS = ['recap', 'handoff', 'end'];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isText = (v: unknown) => isStr(v) || (isObj(v) && Object.keys(v).length > 0 && Object.values(v).every(isStr));
const keys = (path: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

/**
 * Validates a flow and returns a detached, typed copy. Every problem is reported at
 * once, each with its JSON path (`steps.refund.options[2].next`): wrong or missing
 * fields, unknown step types, unknown `next` targets, option counts other than 2–3,
 * duplicate option ids, empty labels, bad patterns, unreachable steps, no recap reachable
 * from `start`, and cycles with no way to a recap, handoff or end step.
 * Steps are reachable from `start` and from the targets of `triggers`.
 * @throws `AttuneError('flow/invalid')` with `details: { path, message }[]`
 * @example
 * const flow = defineFlow(await (await fetch('/flows/returns.json')).json());
 */
export function defineFlow(def: FlowDefinition): Flow {
  const problems: AttuneErrorDetail[] = [];
  const bad = (path: string, message: string) => void problems.push({ path, message });
  const root = def as unknown;
  if (!isObj(root)) throw validationError('flow/invalid', 'Invalid flow:', [{ path: '', message: 'a flow must be an object' }]);
  const steps = isObj(root.steps) ? root.steps : {};
  const ids = Object.keys(steps);
  const edges = new Map<string, string[]>([['', []]]);
  const listed = (list: string, word: string) => ` ${list} `.includes(` ${word} `);
  const link = (from: string, path: string, to: unknown) => {
    if (!isStr(to)) bad(path, 'must name a step');
    // Own keys only: `next: "toString"` must not reach an inherited property.
    else if (!Object.hasOwn(steps, to)) bad(path, `unknown step "${to}"`);
    else edges.get(from)?.push(to);
  };

  for (const k of Object.keys(root)) if (!listed('$schema id version start locale triggers steps', k)) bad(k, 'unknown property');
  if (!isStr(root.id)) bad('id', 'must be a non-empty string');
  if (root.version !== undefined && root.version !== 1) bad('version', 'must be 1');
  if (root.locale !== undefined && !isStr(root.locale)) bad('locale', 'must be a locale tag like "en"');
  if (root.start === undefined) bad('start', 'is missing');
  else link('', 'start', root.start);
  if (!isObj(root.steps) || !ids.length) bad('steps', 'must be an object with at least one step');

  for (const id of ids) {
    const at = keys('steps', id);
    const step = steps[id];
    edges.set(id, []);
    if (!isObj(step)) {
      bad(at, 'must be an object');
      continue;
    }
    const spec = FIELDS[step.type as string];
    if (typeof step.type !== 'string' || spec === undefined) {
      bad(`${at}.type`, `unknown step type ${JSON.stringify(step.type)} (say, echo, choose, collect, handoff, recap or end)`);
      continue;
    }
    const [required, optional = ''] = spec.split('|') as [string, string?];
    for (const f of required.split(' ').filter(Boolean)) if (step[f] === undefined) bad(`${at}.${f}`, 'is missing');
    for (const f of Object.keys(step)) if (f !== 'type' && !listed(`${required} ${optional}`, f)) bad(`${at}.${f}`, `unknown property for a ${step.type} step`);
    const text = (f: string, v = step[f]) => v === undefined || isText(v) || bad(`${at}.${f}`, 'must be a non-empty string or a { locale: text } object');
    text('text');
    text('prompt');
    text('understood');
    if (step.next !== undefined || listed(required, 'next')) link(id, `${at}.next`, step.next);
    if (step.field !== undefined && (typeof step.field !== 'string' || !/^\w+$/.test(step.field))) bad(`${at}.field`, 'must be a name of letters, digits or _');
    if (step.pattern !== undefined) {
      try {
        if (typeof step.pattern !== 'string') throw new TypeError('not a string');
        new RegExp(step.pattern);
      } catch {
        bad(`${at}.pattern`, 'must be a valid regular expression');
      }
    }
    if (step.type === 'choose' && step.options !== undefined) {
      const options = step.options;
      if (!hasOptionCount(options)) bad(`${at}.options`, `must have 2 or 3 options, got ${Array.isArray(options) ? options.length : 'none'}`);
      const seen = new Set<unknown>();
      (Array.isArray(options) ? options : []).forEach((o: unknown, i) => {
        const op = `${at}.options[${i}]`;
        if (!isObj(o)) return bad(op, 'must be an object');
        if (!isStr(o.id)) bad(`${op}.id`, 'must be a non-empty string');
        else if (seen.has(o.id)) bad(`${op}.id`, `duplicate option id "${o.id}"`);
        seen.add(o.id);
        if (!isText(o.label)) bad(`${op}.label`, 'must be a non-empty label');
        text('description', o.description);
        link(id, `${op}.next`, o.next);
      });
    }
    if (step.type === 'recap') {
      const ns = step.nextStep;
      if (ns !== undefined && !isObj(ns)) bad(`${at}.nextStep`, 'must be an object { who, what, when? }');
      else if (ns) {
        for (const f of ['who', 'what']) if (!isText(ns[f])) bad(`${at}.nextStep.${f}`, 'must be a non-empty string or a { locale: text } object');
        if (ns.when !== undefined && !isText(ns.when)) bad(`${at}.nextStep.when`, 'must be a non-empty string or a { locale: text } object');
      }
      if (step.resolved !== undefined && typeof step.resolved !== 'boolean') bad(`${at}.resolved`, 'must be true or false');
      const done = step.done;
      if (done !== undefined && !(Array.isArray(done) && done.every(isText))) bad(`${at}.done`, 'must be a list of texts');
    }
  }

  const roots = [root.start as string];
  if (root.triggers !== undefined && !isObj(root.triggers)) bad('triggers', 'must be an object of step id → keywords');
  for (const [target, words] of Object.entries(isObj(root.triggers) ? root.triggers : {})) {
    const at = keys('triggers', target);
    if (!Object.hasOwn(steps, target)) bad(at, `unknown step "${target}"`);
    else roots.push(target);
    if (!Array.isArray(words) || !words.length || !words.every(isStr)) bad(at, 'must be a non-empty list of keywords');
  }

  // Reachability from the entry points, then which steps can still get to an exit.
  const reached = new Set<string>();
  const visit = (id: string): void => {
    if (!edges.has(id) || reached.has(id)) return;
    reached.add(id);
    edges.get(id)?.forEach(visit);
  };
  roots.forEach(visit);
  const typeOf = (id: string) => (steps[id] as Obj | undefined)?.type as string;
  const exits = new Set(ids.filter((id) => EXITS.includes(typeOf(id)) || !FIELDS[typeOf(id)]));
  for (let grew = true; grew;) {
    grew = false;
    for (const id of ids) if (!exits.has(id) && edges.get(id)?.some((to) => exits.has(to))) grew = !!exits.add(id);
  }
  for (const id of ids) {
    if (!reached.has(id)) bad(keys('steps', id), `unreachable from "start" (and from every trigger)`);
    // A step with a broken link was reported above; only clean loops are flagged here.
    else if (!exits.has(id) && edges.get(id)?.length && !problems.some((p) => `${p.path}.`.startsWith(`${keys('steps', id)}.`)))
      bad(keys('steps', id), 'leads into a cycle with no way out: no recap, handoff or end step can be reached from here');
  }
  if (ids.length && roots[0] !== undefined && ![...reached].some((id) => typeOf(id) === 'recap')) {
    bad('steps', `no recap step is reachable from "start"`);
  }
  if (problems.length) {
    const name = isStr(root.id) ? ` "${root.id}"` : '';
    throw validationError('flow/invalid', `Invalid flow${name} (${problems.length} problem${problems.length > 1 ? 's' : ''}):`, problems);
  }
  return { ...(JSON.parse(JSON.stringify(root)) as FlowDefinition), version: 1 };
}
