import { AttuneError } from '../errors.js';
import { PROTOCOL_VERSION } from '../protocol.js';
import type { ClientEvent } from '../protocol.js';
import type { Conversation } from '../conversation.types.js';
import type { CsatMessage, Message, ToneSummary } from '../types.js';
import { createId } from '../internal/ids.js';
import { FEEDBACK_REASON_MAX, HANDOFF_OPTION_ID, isMessageId, MAX_ID_LENGTH } from '../rules.js';
import type { Analytics } from './analytics.js';
import { indexOf } from './apply-server-event.js';
import type { Store } from './store.js';
import type { Translator } from '../i18n/types.js';
import { interpretTypedReply, openPrompts } from '../primitives/typed-reply/typed-reply.js';

// Control characters except \t (9) and \n (10); \r\n and \r become \n first.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export interface ActionsContext {
  store: Store;
  emit: Analytics['emit'];
  /** Queues a client event for delivery (and starts the conversation). */
  enqueue: (event: ClientEvent) => void;
  /** Throws `conversation/disposed` once disposed. */
  alive: () => void;
  maxLength: number;
  /** The tone of a new customer message, for `snapshot.tone` (`null` while unknown). */
  toneOf: (text: string) => ToneSummary | null;
  /** A streaming reply ended here (stopped): stop watching it. */
  streamEnded?: (id: string) => void;
  /** The conversation's catalog for reading typed answers ("yes", "not quite"…), once loaded. */
  translator: () => Translator | undefined;
}

export type Actions = Pick<Conversation, 'send' | 'confirmEcho' | 'correctEcho' | 'choose' | 'requestHuman' | 'rate' | 'end' | 'retry' | 'stop' | 'feedback'>;

/**
 * The public actions: each validates its input synchronously (bad input throws a coded
 * `AttuneError` and queues nothing), updates the state at once, queues the client event
 * and emits its analytics.
 */
export function createActions({ store, emit, enqueue, alive, maxLength, toneOf, streamEnded, translator }: ActionsContext): Actions {
  const messages = (): readonly Message[] => store.state.snapshot.messages;
  const findKind = <K extends Message['kind']>(messageId: unknown, kind: K): Extract<Message, { kind: K }> | undefined => {
    const message = typeof messageId === 'string' ? messages()[indexOf(messages(), messageId)] : undefined;
    return message?.kind === kind ? (message as Extract<Message, { kind: K }>) : undefined;
  };
  const clean = (text: string): string => text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
  const eventId = (): string => createId('e_');

  const actions: Actions = {
    send(text, options) {
      alive();
      if (typeof text !== 'string') throw new AttuneError('input/invalid', 'send(text) expects a string');
      const wanted = options?.id;
      // Typed answers work like clicks: "yes" / "not quite" on an open echo, an option's
      // label or number on an open picker. A caller that sets the id wants a message.
      if (wanted === undefined && options?.interpret !== false) {
        const reply = interpretTypedReply(text, openPrompts(messages()), translator());
        if (reply?.kind === 'confirm') return (actions.confirmEcho(reply.echoId), reply.echoId);
        if (reply?.kind === 'correct') return (actions.correctEcho(reply.echoId), reply.echoId);
        if (reply?.kind === 'choose') return (actions.choose(reply.pickerId, reply.optionId), reply.pickerId);
      }
      if (wanted !== undefined && (!isMessageId(wanted) || indexOf(messages(), wanted) >= 0))
        throw new AttuneError('input/invalid', `send(text, { id }) needs a new id of 1-${MAX_ID_LENGTH} letters, digits, _ or -`);
      const body = clean(text);
      if (!body.trim()) throw new AttuneError('input/empty', 'The message is empty');
      if (body.length > maxLength) throw new AttuneError('input/too-long', `The message is ${body.length} characters long; the limit is ${maxLength}`);
      const id = wanted ?? createId('m_');
      const at = Date.now();
      store.dispatch({ type: 'composed', message: { kind: 'text', id, from: 'customer', text: body, at, status: 'pending' }, tone: toneOf(body) });
      enqueue({ v: PROTOCOL_VERSION, type: 'message', id, text: body, at });
      return id;
    },
    confirmEcho(echoId) {
      alive();
      if (!findKind(echoId, 'echo')) throw new AttuneError('echo/not-found', `No echo with id "${echoId}"`);
      store.dispatch({ type: 'echoSettled', id: echoId, state: 'confirmed' });
      enqueue({ v: PROTOCOL_VERSION, type: 'echo.confirm', id: eventId(), echoId });
      emit('echoConfirmed', { echoId });
    },
    correctEcho(echoId, text) {
      alive();
      if (!findKind(echoId, 'echo')) throw new AttuneError('echo/not-found', `No echo with id "${echoId}"`);
      if (text !== undefined && typeof text !== 'string') throw new AttuneError('input/invalid', 'correctEcho(echoId, text) expects text to be a string');
      const correction = text?.replace(CONTROL, '').trim().slice(0, maxLength) ?? '';
      store.dispatch({ type: 'echoSettled', id: echoId, state: 'corrected', ...(correction ? { correction } : {}) });
      enqueue({ v: PROTOCOL_VERSION, type: 'echo.correct', id: eventId(), echoId, text: correction });
      emit('echoCorrected', correction ? { echoId, text: correction } : { echoId });
    },
    choose(pickerId, optionId) {
      alive();
      const choice = findKind(pickerId, 'choice');
      if (!choice) throw new AttuneError('choice/not-found', `No option picker with id "${pickerId}"`);
      const option = choice.options.find((o) => o.id === optionId);
      if (!option) throw new AttuneError('choice/option', `Option "${optionId}" is not one of ${choice.options.map((o) => `"${o.id}"`).join(', ')}`);
      if (choice.chosen !== undefined) throw new AttuneError('choice/already-chosen', `Option "${choice.chosen}" was already chosen`);
      store.dispatch({ type: 'optionChosen', id: pickerId, optionId });
      enqueue({ v: PROTOCOL_VERSION, type: 'choose', id: eventId(), pickerId, optionId });
      emit('optionChosen', { pickerId, optionId, label: option.label });
      if (choice.purpose === 'handoff' && optionId === HANDOFF_OPTION_ID) emit('handoffTaken', { messageId: pickerId });
    },
    requestHuman() {
      alive();
      enqueue({ v: PROTOCOL_VERSION, type: 'handoff.request', id: eventId() });
      emit('handoffTaken', {});
    },
    rate(score, comment) {
      alive();
      if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) {
        throw new AttuneError('csat/score', `A rating must be a whole number from 1 to 5, got ${score}`);
      }
      if (comment !== undefined && typeof comment !== 'string') throw new AttuneError('input/invalid', 'rate(score, comment) expects comment to be a string');
      const note = comment?.replace(CONTROL, '').trim().slice(0, maxLength) ?? '';
      const csat = [...messages()].reverse().find((m): m is CsatMessage => m.kind === 'csat');
      const extra = note ? { comment: note } : {};
      if (csat) store.dispatch({ type: 'rated', id: csat.id, score, ...extra });
      const about = csat ? { csatId: csat.id } : {};
      enqueue({ v: PROTOCOL_VERSION, type: 'csat', id: eventId(), ...about, score, ...extra });
      emit('csatGiven', { ...about, score, ...extra });
    },
    end() {
      alive();
      enqueue({ v: PROTOCOL_VERSION, type: 'end', id: eventId() });
    },
    retry(messageId) {
      alive();
      const message = findKind(messageId, 'text');
      if (message && message.from !== 'customer' && message.status === 'failed') {
        // An interrupted streamed reply: ask again, with the customer's words it answered.
        const list = messages();
        const asked = list
          .slice(0, indexOf(list, message.id))
          .reverse()
          .find((m) => m.kind === 'text' && m.from === 'customer');
        if (asked?.kind !== 'text') throw new AttuneError('message/not-failed', `Nothing to ask again for message "${messageId}"`);
        actions.send(asked.text);
        return;
      }
      if (message?.from !== 'customer') throw new AttuneError('message/not-found', `No message of yours with id "${messageId}"`);
      if (message.status !== 'failed') throw new AttuneError('message/not-failed', `Message "${messageId}" has not failed (it is ${message.status})`);
      store.dispatch({ type: 'deliveryChanged', id: messageId, status: 'pending' });
      enqueue({ v: PROTOCOL_VERSION, type: 'message', id: messageId, text: message.text, at: message.at });
    },
    feedback(messageId, value, reason) {
      alive();
      // The same rules as `validateFeedback` (in the metrics entry), kept inline: the engine stays small.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- plain-JS callers pass anything
      if (value !== 'up' && value !== 'down' && value !== null)
        throw new AttuneError('input/invalid', `feedback(messageId, value) expects "up", "down" or null, got ${String(value)}`);
      if (reason !== undefined && typeof reason !== 'string')
        throw new AttuneError('input/invalid', 'feedback(messageId, value, reason) expects reason to be a string');
      const why = reason?.replace(CONTROL, '').trim() ?? '';
      if (why.length > FEEDBACK_REASON_MAX)
        throw new AttuneError('input/invalid', `A feedback reason is at most ${String(FEEDBACK_REASON_MAX)} characters; this one is ${String(why.length)}`);
      if (why && value === null) throw new AttuneError('input/invalid', 'A reason cannot go with a cleared rating');
      const message = findKind(messageId, 'text');
      if (!message) throw new AttuneError('message/not-found', `No text message with id "${messageId}"`);
      if (message.from !== 'agent')
        throw new AttuneError('feedback/not-agent', `Feedback is for agent and bot messages; "${messageId}" is from the ${message.from}`);
      if (message.streaming) throw new AttuneError('input/invalid', `Message "${messageId}" is still streaming; rate it once it is complete`);
      const extra = why ? { reason: why } : {};
      if (message.feedback?.value === value && message.feedback.reason === extra.reason) return;
      if (value === null && !message.feedback) return;
      store.dispatch({ type: 'feedbackGiven', id: messageId, feedback: value === null ? null : { value, ...extra } });
      enqueue({ v: PROTOCOL_VERSION, type: 'feedback', id: eventId(), messageId, value, ...extra });
      emit('feedbackGiven', { messageId, value, ...extra });
    },
    stop(messageId) {
      alive();
      if (messageId !== undefined && typeof messageId !== 'string') throw new AttuneError('input/invalid', 'stop(messageId) expects a message id');
      const list = messages();
      const targets = list.filter((m) => m.kind === 'text' && m.streaming === true && (messageId === undefined || m.id === messageId));
      if (messageId !== undefined && !targets.length && indexOf(list, messageId) < 0)
        throw new AttuneError('message/not-found', `No message with id "${messageId}"`);
      // Nothing streaming (it just ended): nothing to stop.
      for (const m of targets) {
        store.dispatch({ type: 'streamStopped', id: m.id });
        streamEnded?.(m.id);
        enqueue({ v: PROTOCOL_VERSION, type: 'stop', id: m.id });
      }
    },
  };
  return actions;
}
