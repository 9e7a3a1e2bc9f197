/**
 * Grades the empathy primitives and the in-page agent on the evaluation set:
 *
 *   node --conditions=@attune/source --import tsx packages/core/eval/grade.ts [--goemotions DIR]
 *
 * Prints, for the support messages: echo reflected % (of messages that state a problem),
 * exact / near matches against the reflection a support lead wrote, topic %, gate pass %,
 * harmful echoes, echoes where none was due, confidence of near vs other echoes; tone
 * accuracy, frustration recall, sarcasm read as satisfaction. For the conversations:
 * expectation failures and rule violations. With the GoEmotions text: crashes,
 * first-person leaks and PII in echoes. `test/eval.test.ts` holds the floors.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAgent } from '../src/agent/index.js';
import type { AgentOutput } from '../src/agent/index.js';
import { createTranslator } from '../src/i18n/index.js';
import { checkSendable, hasPii, paraphrase, SENDABLE_CONFIDENCE } from '../src/paraphrase/index.js';
import { detectTone } from '../src/tone/index.js';
import type { ClientEvent } from '../src/protocol.js';
import { CONVERSATIONS } from './conversations.js';
import type { Expect, Script } from './conversations.js';
import { SUPPORT_MESSAGES } from './support-messages.js';

const STOP = new Set('a an the to of for and or but is are was were be been has have had it its it\'s that this there your our you we they on in at with by from'.split(' '));
const content = (s: string) => new Set((s.toLowerCase().match(/[\p{L}\p{N}#£$]+/gu) ?? []).filter((w) => !STOP.has(w)));

/** Content-word F1 between two reflections. */
export function overlap(a: string, b: string): number {
  const x = content(a);
  const y = content(b);
  if (!x.size || !y.size) return 0;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return (2 * both) / (x.size + y.size);
}

/** A support lead's red lines, checked independently of the gate. */
const HARMFUL = /\b(?:i|me|my|mine)\b|\b(?:fuck\w*|shit\w*|crap|idiots?|morons?|clowns|useless|pathetic|incompetent|scam\w*|crooks?|thie(?:f|ves)|garbage|joke|absurd|ridiculous|liars?|lied|stole)\b|\*|&(?:amp|lt|gt|#\d+);?|<\/?\w|∅/i;

export interface MessageFigures {
  total: number;
  problems: number;
  reflected: number;
  exact: number;
  near: number;
  topic: number;
  gatePass: number;
  echoes: number;
  harmful: number;
  unwanted: number;
  noEchoRight: number;
  noEchoDue: number;
  confidenceNear: number;
  confidenceOther: number;
  belowThreshold: number;
  toneRight: number;
  frustration: number;
  frustrationRight: number;
  sarcasm: number;
  sarcasmAsSatisfaction: number;
  misses: string[];
}

/** Grades the support messages, or only those carrying `tag` (`h`: the held-out block). */
export function gradeMessages(tag?: string): MessageFigures {
  const f: MessageFigures = {
    total: 0, problems: 0, reflected: 0, exact: 0, near: 0, topic: 0, gatePass: 0, echoes: 0, harmful: 0, unwanted: 0,
    noEchoRight: 0, noEchoDue: 0, confidenceNear: 0, confidenceOther: 0, belowThreshold: 0, toneRight: 0, frustration: 0,
    frustrationRight: 0, sarcasm: 0, sarcasmAsSatisfaction: 0, misses: [],
  };
  let nearN = 0;
  let otherN = 0;
  for (const [tone, text, want, tagString] of SUPPORT_MESSAGES) {
    const tags = (tagString ?? '').split(' ');
    if (tag && !tags.includes(tag)) continue;
    f.total++;
    const got = detectTone(text);
    if (got.tone === tone) f.toneRight++;
    else f.misses.push(`tone ${tone}→${got.tone}: ${text}`);
    if (tone === 'frustration') {
      f.frustration++;
      if (got.tone === 'frustration') f.frustrationRight++;
    }
    if (tags.includes('s')) {
      f.sarcasm++;
      if (got.tone === 'satisfaction') f.sarcasmAsSatisfaction++;
    }
    const echo = paraphrase(text, { tone: got });
    if (echo) {
      f.echoes++;
      if (checkSendable(echo.reflection).ok || tags.includes('es')) f.gatePass++;
      if (!tags.includes('es') && HARMFUL.test(echo.reflection)) {
        f.harmful++;
        f.misses.push(`HARMFUL: ${echo.reflection} ← ${text}`);
      }
      if (echo.confidence < SENDABLE_CONFIDENCE) f.belowThreshold++;
      if (echo.source === 'topic') f.topic++;
    }
    if (want === null) {
      f.noEchoDue++;
      if (!echo) f.noEchoRight++;
      else {
        f.unwanted++;
        f.misses.push(`echo not due: ${echo.reflection} ← ${text}`);
      }
      continue;
    }
    f.problems++;
    if (!echo) {
      f.misses.push(`no echo: ${text}`);
      continue;
    }
    f.reflected++;
    const score = overlap(echo.reflection, want);
    if (echo.reflection.toLowerCase() === want.toLowerCase()) f.exact++;
    if (score >= 0.5) {
      f.near++;
      f.confidenceNear += echo.confidence;
      nearN++;
    } else {
      f.confidenceOther += echo.confidence;
      otherN++;
      f.misses.push(`far (${score.toFixed(2)}): ${echo.reflection} ≠ ${want}`);
    }
  }
  f.confidenceNear = nearN ? f.confidenceNear / nearN : 0;
  f.confidenceOther = otherN ? f.confidenceOther / otherN : 0;
  return f;
}

const tr = createTranslator();
const THANKS = new Set(tr.variants('agent.thanksReply'));
const FALLBACKS = new Set(tr.variants('agent.fallback'));
const CONDOLENCE = tr.variants('condolence');
const URGENCY = tr.variants('ack.urgency');

export interface ConversationResult {
  name: string;
  failures: string[];
  violations: string[];
}

const agentTexts = (out: readonly AgentOutput[]): string[] =>
  out.flatMap((o) => (o.type === 'text' || o.type === 'handoff' || o.type === 'echo' ? [o.text] : o.type === 'choice' ? [o.prompt, ...o.options.map((x) => x.label)] : []));

function check(expect: Expect, out: readonly AgentOutput[]): boolean {
  const texts = agentTexts(out);
  if (typeof expect === 'object') return 'text' in expect ? texts.some((t) => expect.text.test(t)) : !texts.some((t) => expect.notText.test(t));
  const has = (type: AgentOutput['type']) => out.some((o) => o.type === type);
  switch (expect) {
    case 'echo': return out.some((o) => o.type === 'echo' && o.state === 'proposed');
    case 'no-echo': return !out.some((o) => o.type === 'echo' && o.state === 'proposed');
    case 'ack': return out.some((o) => o.type === 'text' && o.tags?.includes('acknowledgment'));
    case 'no-ack': return !out.some((o) => o.type === 'text' && o.tags?.includes('acknowledgment'));
    case 'handoff': return out.some((o) => o.type === 'handoff' && o.state === 'requested');
    case 'offer': return out.some((o) => o.type === 'choice' && o.purpose === 'handoff' && !o.chosen);
    case 'no-offer': return !out.some((o) => o.type === 'choice' && o.purpose === 'handoff');
    case 'choice': return out.some((o) => o.type === 'choice' && o.purpose !== 'handoff' && !o.chosen);
    case 'which-first': return out.some((o) => o.type === 'choice' && o.prompt === tr.t('agent.whichFirst'));
    case 'recap': return has('recap');
    case 'csat': return has('csat');
    case 'condolence': return texts.some((t) => CONDOLENCE.some((c) => t.includes(c)));
    case 'urgency': return texts.some((t) => URGENCY.some((c) => t.includes(c)));
    case 'thanks': return texts.some((t) => [...THANKS].some((c) => t.startsWith(c)));
    case 'no-thanks': return !texts.some((t) => [...THANKS].some((c) => t.startsWith(c)));
    case 'reply': return out.length > 0;
    case 'silent': return out.length === 0;
  }
}

export async function runConversation(script: Script): Promise<ConversationResult> {
  const agent = createAgent({ now: () => 0 });
  const failures: string[] = [];
  const violations: string[] = [];
  const all: AgentOutput[] = [...(await agent.start())];
  const customer: string[] = [];
  let n = 0;
  const fallbacksSeen = new Set<string>();
  const lines = new Map<string, number>();
  let apologies = 0;
  for (const [i, turn] of script.turns.entries()) {
    const id = `c${++n}`;
    const last = <T extends AgentOutput['type']>(type: T, first = false) => {
      const found = all.filter((o) => o.type === type);
      return (first ? found[0] : found[found.length - 1]) as Extract<AgentOutput, { type: T }> | undefined;
    };
    let event: ClientEvent;
    if ('say' in turn) {
      event = { v: 1, type: 'message', id, text: turn.say };
      customer.push(turn.say);
    } else if ('confirm' in turn) event = { v: 1, type: 'echo.confirm', id, echoId: last('echo')?.id ?? '' };
    else if ('correct' in turn) {
      event = { v: 1, type: 'echo.correct', id, echoId: last('echo')?.id ?? '', text: turn.correct };
      customer.push(turn.correct);
    } else if ('choose' in turn) {
      const pickers = all.filter((o): o is Extract<AgentOutput, { type: 'choice' }> => o.type === 'choice');
      const picker = turn.picker === 'first' ? pickers[0] : pickers[pickers.length - 1];
      event = { v: 1, type: 'choose', id, pickerId: picker?.id ?? '', optionId: turn.choose };
    } else event = { v: 1, type: 'end', id };
    const out = await agent.handle(event);
    all.push(...out);
    for (const expect of turn.expect ?? []) if (!check(expect, out)) failures.push(`turn ${i + 1}: expected ${typeof expect === 'object' ? JSON.stringify('text' in expect ? expect.text.source : `not ${expect.notText.source}`) : expect}; got ${JSON.stringify(agentTexts(out))}`);

    // Rules over the whole transcript.
    if ('say' in turn) {
      const text = turn.say;
      if (!out.length) violations.push(`silence after "${text}"`);
      const problem = detectTone(text).tone !== 'satisfaction' || paraphrase(text) !== null;
      if (problem && !check('no-thanks', out) && /\S/.test(text) && !check('thanks', [])) violations.push(`thanks over a problem: "${text}"`);
      if (/\b(?:real person|human|talk to (?:a|someone)|speak to (?:a|someone))\b/i.test(text) && !check('handoff', out) && !all.slice(0, -out.length).some((o) => o.type === 'handoff')) {
        violations.push(`asked for a person, got no handoff: "${text}"`);
      }
    }
    for (const o of out) {
      if (o.type === 'text') {
        if (FALLBACKS.has(o.text)) {
          if (fallbacksSeen.has(o.text)) violations.push(`fallback repeated: "${o.text}"`);
          fallbacksSeen.add(o.text);
        }
        lines.set(o.text, (lines.get(o.text) ?? 0) + 1);
        if ((lines.get(o.text) ?? 0) > 1) violations.push(`line said twice: "${o.text}"`);
        if (o.tags?.includes('apology')) apologies++;
        if (/order number/i.test(o.text) && customer.some((c) => /\d{3,}/.test(c))) violations.push('asked for the order number again');
      }
      if (o.type === 'echo' && o.state === 'proposed' && !checkSendable(o.reflection).ok && !/«/.test(o.text)) violations.push(`unsendable echo: "${o.reflection}"`);
      if (o.type === 'recap' || (o.type === 'handoff' && o.recap)) {
        const understood = o.type === 'recap' ? o.understood : (o.recap?.understood ?? '');
        // What was understood is a reflection the customer confirmed, or the topic line.
        const confirmed = all.flatMap((x) => (x.type === 'echo' && x.state === 'confirmed' ? [x.reflection.toLowerCase()] : []));
        const topicLine = /^You got in touch (?:about|for) /.test(understood);
        if (!topicLine && !confirmed.includes(understood.toLowerCase())) violations.push(`recap "understood" is neither a confirmed reflection nor a topic: "${understood}"`);
        if (understood !== understood.replace(/\b[A-Z]{2,}\b/g, (w) => (w.length >= 5 || /^(?:STILL|NEVER|NOT|AGAIN|NOW|ALL|ANY|WHY|YET)$/.test(w) ? w.toLowerCase() : w))) {
          violations.push(`recap shouts the customer's capitals: "${understood}"`);
        }
      }
    }
    const acked = out.some((o) => o.type === 'text' && o.tags?.includes('acknowledgment'));
    const acts = out.some((o) => o.type !== 'text' || o.tags?.some((t) => t === 'action' || t === 'question'));
    if (acked && !acts) violations.push('acknowledgment without an action');
  }
  const recaps = all.filter((o) => o.type === 'recap').length;
  const csats = all.filter((o) => o.type === 'csat').length;
  const confirmed = Math.max(1, all.filter((o) => o.type === 'echo' && o.state === 'confirmed').length);
  if (recaps > confirmed) violations.push(`${recaps} recaps`);
  if (csats > recaps) violations.push(`${csats} CSAT prompts for ${recaps} recaps`);
  if (apologies > 1) violations.push(`${apologies} apologies`);
  return { name: script.name, failures, violations };
}

export async function gradeConversations(): Promise<ConversationResult[]> {
  return Promise.all(CONVERSATIONS.map(runConversation));
}

/** The echoer over GoEmotions text (Reddit): crashes, first-person leaks, PII. */
export function stress(dir: string): { texts: number; echoes: number; crashes: number; leaks: number; pii: number } {
  const r = { texts: 0, echoes: 0, crashes: 0, leaks: 0, pii: 0 };
  for (const file of ['train.tsv', 'dev.tsv']) {
    const path = `${dir}/${file}`;
    if (!existsSync(path)) continue;
    for (const row of readFileSync(path, 'utf8').split('\n')) {
      const text = row.split('\t')[0];
      if (!text) continue;
      r.texts++;
      try {
        const echo = paraphrase(text);
        if (!echo) continue;
        r.echoes++;
        if (/\b(?:i|me|my|mine|myself)\b/i.test(echo.reflection)) r.leaks++;
        if (hasPii(echo.reflection)) r.pii++;
      } catch {
        r.crashes++;
      }
    }
  }
  return r;
}

const pct = (a: number, b: number) => `${b ? ((a / b) * 100).toFixed(1) : '—'}%`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const m = gradeMessages();
  console.log(`support set: ${m.total} messages (${m.problems} state a problem, ${m.noEchoDue} need no echo)`);
  console.log(`  echo reflected      ${pct(m.reflected, m.problems)} of problem messages`);
  console.log(`  near match          ${pct(m.near, m.reflected)} of echoes (content-word F1 ≥ 0.5), exact ${pct(m.exact, m.reflected)}`);
  console.log(`  from topics         ${pct(m.topic, m.echoes)} of echoes`);
  console.log(`  gate pass           ${pct(m.gatePass, m.echoes)} of echoes; harmful ${m.harmful}; below confidence threshold ${m.belowThreshold}`);
  console.log(`  no echo when none   ${pct(m.noEchoRight, m.noEchoDue)}`);
  console.log(`  confidence          ${m.confidenceNear.toFixed(2)} near vs ${m.confidenceOther.toFixed(2)} other`);
  console.log(`  tone accuracy       ${pct(m.toneRight, m.total)}; frustration recall ${pct(m.frustrationRight, m.frustration)}; sarcasm as satisfaction ${m.sarcasmAsSatisfaction}/${m.sarcasm}`);
  if (process.argv.includes('--misses')) for (const miss of m.misses) console.log(`    ${miss}`);
  const h = gradeMessages('h');
  console.log(
    `held-out block (tag h, never tuned on): ${h.total} messages; echo reflected ${pct(h.reflected, h.problems)}, near ${pct(h.near, h.reflected)}, ` +
      `gate pass ${pct(h.gatePass, h.echoes)}, harmful ${h.harmful}, no echo when none ${pct(h.noEchoRight, h.noEchoDue)}; ` +
      `tone ${pct(h.toneRight, h.total)}, frustration recall ${pct(h.frustrationRight, h.frustration)}, sarcasm as satisfaction ${h.sarcasmAsSatisfaction}/${h.sarcasm}`,
  );
  if (process.argv.includes('--misses')) for (const miss of h.misses) console.log(`    h: ${miss}`);
  const results = await gradeConversations();
  const failing = results.filter((r) => r.failures.length || r.violations.length);
  console.log(`conversations: ${results.length}, passing ${results.length - failing.length}, expectation failures ${results.reduce((s, r) => s + r.failures.length, 0)}, rule violations ${results.reduce((s, r) => s + r.violations.length, 0)}`);
  for (const r of failing) for (const x of [...r.failures, ...r.violations]) console.log(`  ${r.name}: ${x}`);
  const dir = process.env.ATTUNE_GOEMOTIONS ?? fileURLToPath(new URL('../../../../shared/data/goemotions', import.meta.url));
  const s = stress(dir);
  console.log(`GoEmotions stress: ${s.texts} texts, ${s.echoes} echoes, ${s.crashes} crashes, ${s.leaks} first-person leaks, ${s.pii} with PII`);
}
