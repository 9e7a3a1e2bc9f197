import type { Analytics } from '../conversation/analytics.js';
import { indexOf } from '../conversation/apply-server-event.js';
import type { Store } from '../conversation/store.js';
import { createGuardrails, type GuardrailOptions } from './guardrails.js';

/**
 * Runs the guardrails over the agent message `id` after it changed (new, a delta, the final
 * text): stores what is shown next to the raw text and reports what was dropped. `silent`
 * (a restored transcript) replays the decisions without reporting them again.
 */
export function guardInto(store: Store, emit: Analytics['emit'], options: GuardrailOptions): (id: string, silent?: boolean) => void {
  const guardrails = createGuardrails(options);
  return (id, silent) => {
    const messages = store.state.snapshot.messages;
    const message = messages[indexOf(messages, id)];
    if (message?.kind !== 'text' || message.from !== 'agent') return;
    const raw = message.rawText ?? message.text;
    const result = guardrails.apply(id, raw, !message.streaming);
    store.dispatch({ type: 'guarded', id, text: result.text, raw });
    if (silent) return;
    for (const { rule, text } of result.dropped) emit('guardrailDropped', { messageId: id, rule, text });
    // The in-page agent tags its apology (reported on arrival); a model's is found here.
    if (result.apologyKept && !message.tags?.includes('apology')) emit('apologyUsed', { messageId: id });
    if (result.noNextStep) emit('sympathyWithoutNextStep', { messageId: id });
  };
}
