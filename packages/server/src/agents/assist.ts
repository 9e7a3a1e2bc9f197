// Agent-assist: what the console suggests for the customer's last message (tone, a
// paraphrase to send as an echo, a recap prefilled from the conversation), and the
// validation of what an agent sends (text, echo, a 2–3 option picker, a closing recap).
// Every agent input goes through the same @attune/core primitives the widget uses, so a
// picker with one or four options is refused with the same coded error.
import { randomUUID } from 'node:crypto';
import { AttuneError, applyServerEvent, buildRecap, closingRecap, createTranslator, csatPrompt, detectTone, optionPicker, paraphrase } from '@attune/core';
import type { ChoiceOptions, Message, RecapData, ServerEvent, ToneResult } from '@attune/core';

/** What the console shows next to a conversation. */
export interface Assist {
  /** The customer's last message, or null when they have not written yet. */
  /** The customer message answered; `abusive` when the server marked it (the console keeps it hidden until revealed). */
  about: { id: string; text: string; abusive: boolean } | null;
  tone: Pick<ToneResult, 'tone' | 'intensity' | 'cues'> | null;
  /** A suggested echo of `about` (null for questions, thanks, greetings…). */
  paraphrase: { text: string; reflection: string; emotion: string | null } | null;
  /** An echo about `about` was already sent. */
  echoed: boolean;
  /** A recap prefilled from the conversation (what was confirmed, chosen, committed to). */
  recap: RecapData;
  /** The conversation already closed with a recap. */
  closed: boolean;
}

type AgentEvent = Extract<ServerEvent, { type: 'text' | 'echo' | 'choice' | 'recap' | 'csat' }>;
type Body = Record<string, unknown>;

/** The conversation's messages as a client holds them: core's one fold (`applyServerEvent`) of the log. */
export function messagesOf(events: readonly ServerEvent[]): readonly Message[] {
  let messages: readonly Message[] = [];
  for (const event of events) messages = applyServerEvent(messages, event);
  return messages;
}

function agentName(messages: readonly Message[]): string {
  const last = [...messages].reverse().find((m) => m.kind === 'text' && m.from === 'agent' && m.name);
  const name = last?.kind === 'text' ? last.name : undefined;
  return name && name !== 'Agent' ? name : 'We';
}

/** Suggestions for the customer's last message. */
export function assist(events: readonly ServerEvent[]): Assist {
  const messages = messagesOf(events);
  const last = [...messages].reverse().find((m) => m.kind === 'text' && m.from === 'customer');
  const about = last?.kind === 'text' ? { id: last.id, text: last.text, abusive: last.flags?.includes('abuse') === true } : null;
  const tone = about ? detectTone(about.text) : null;
  const echo = about ? paraphrase(about.text, tone ? { tone } : {}) : null;
  return {
    about,
    tone: tone && { tone: tone.tone, intensity: tone.intensity, cues: tone.cues },
    paraphrase: echo && { text: echo.text, reflection: echo.reflection, emotion: echo.emotion },
    echoed: about !== null && messages.some((m) => m.kind === 'echo' && m.about === about.id),
    // "I'll refund you" becomes the agent's name (or "We"), as the customer reads the recap.
    recap: buildRecap(messages, { resolved: true, agentName: agentName(messages) }),
    closed: messages.some((m) => m.kind === 'recap'),
  };
}

const invalid = (path: string, message: string): never => {
  throw new AttuneError('protocol/invalid', `${path}: ${message}`, { details: [{ path, message }] });
};
const str = (body: Body, key: string, max: number): string => {
  const value = body[key];
  if (typeof value !== 'string' || !value.trim()) return invalid(key, 'needs a non-empty string');
  return value.trim().slice(0, max);
};
const slug = (label: string, index: number): string =>
  `${
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 24) || 'option'
  }-${index + 1}`;

/**
 * Turns what an agent posts into the server events to append: `text` (a reply), `echo`
 * (a paraphrase about one customer message), `choice` (a 2–3 option picker) or `recap`
 * (a closing recap, followed by the satisfaction question). `agentName` is the logged-in
 * account's name (a `name` in the body is ignored, so it cannot be forged).
 * @throws `AttuneError` with `details`: `protocol/invalid`, `options/count`,
 * `options/label`, `config/invalid` (an incomplete recap).
 */
export function agentEvents(body: unknown, events: readonly ServerEvent[], agentName: string): AgentEvent[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('', 'expected a JSON object');
  const b = body as Body;
  const at = Date.now();
  const id = (prefix: string): string => `${prefix}_${randomUUID()}`;
  const type = b.type ?? 'text';
  switch (type) {
    case 'text': {
      // The name comes from the agent's account, never from the request body.
      const name = agentName;
      return [{ v: 1, type: 'text', id: id('a'), from: 'agent', name, text: str(b, 'text', 4000), at, status: 'sent' }];
    }
    case 'echo': {
      const about = str(b, 'about', 128);
      const target = messagesOf(events).find((m) => m.id === about);
      if (target?.kind !== 'text' || target.from !== 'customer') return invalid('about', `no customer message "${about}" in this conversation`);
      const reflection = str(b, 'reflection', 300);
      // The agent may edit the reflection; the frame around it stays the catalog's.
      const text =
        (b.text === undefined ? undefined : str(b, 'text', 400)) ??
        createTranslator({ locale: 'en' }).pick('echo.frame', { vars: { reflection, emotion: '' } }).text;
      return [{ v: 1, type: 'echo', id: id('echo'), about, text, reflection, state: 'proposed', at }];
    }
    case 'choice': {
      const prompt = str(b, 'prompt', 300);
      const raw = Array.isArray(b.options) ? (b.options as unknown[]) : invalid('options', 'needs a list of options');
      const options = raw.map((o, i) => {
        const label = typeof o === 'string' ? o : typeof o === 'object' && o !== null ? (o as Body).label : undefined;
        const clean = typeof label === 'string' ? label.trim().slice(0, 120) : '';
        return { id: slug(clean, i), label: clean };
      });
      const picker = optionPicker({ id: id('pick'), prompt, options: options as unknown as ChoiceOptions });
      return [{ v: 1, type: 'choice', id: picker.id, prompt: picker.prompt, options: picker.options, at }];
    }
    case 'recap': {
      const next = (typeof b.nextStep === 'object' && b.nextStep !== null ? b.nextStep : {}) as Body;
      const done = Array.isArray(b.done) ? b.done.filter((d): d is string => typeof d === 'string' && d.trim() !== '').map((d) => d.trim()) : undefined;
      const when = typeof next.when === 'string' && next.when.trim() ? next.when.trim() : undefined;
      const recap = closingRecap({
        understood: typeof b.understood === 'string' ? b.understood.trim() : '',
        ...(done ? { done } : {}),
        nextStep: {
          who: typeof next.who === 'string' ? next.who.trim() : '',
          what: typeof next.what === 'string' ? next.what.trim() : '',
          ...(when ? { when } : {}),
        },
        resolved: b.resolved as boolean,
      });
      return [
        { v: 1, type: 'recap', id: id('recap'), ...recap, at },
        { v: 1, type: 'csat', id: id('csat'), ...csatPrompt(), at },
      ].map(({ kind: _kind, ...event }: Body) => event) as AgentEvent[];
    }
    default:
      return invalid('type', 'must be "text", "echo", "choice" or "recap"');
  }
}
