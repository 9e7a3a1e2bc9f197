// A scripted stand-in for a language model, for the AI agent demo without a key: a `fetch`
// that answers like an OpenAI-compatible chat-completions endpoint (`chat.completion.chunk`
// SSE with text, tool-call deltas, usage and [DONE]), so the demo runs the very agent code
// a real model goes through. It follows a parcel-delivery script, reads the tone Attune put
// into the system prompt, and — on purpose — apologises in every reply, so the widget's
// guardrails have something to drop. Not an AI: it matches a few words.

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

const OUTCOMES = {
  'Send a replacement': { said: 'a replacement is on its way', done: 'Replacement sent', what: 'ship a replacement' },
  'Refund me': { said: 'your refund is on its way', done: 'Refund issued', what: 'refund your card' },
};

/** What the script says to the last customer turn: `{ text, tools?, status?, stall? }`. */
export function scriptedReply(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const said = last.toLowerCase();
  const tone = /reads as (\w+)/.exec(system)?.[1] ?? 'neutral';
  const upset = tone === 'frustration' || tone === 'anger' || tone === 'sadness' || tone === 'anxiety';
  const confirmed = /confirmed your understanding: "([^"]+)"/.exec(system)?.[1];

  // Ways to see the fallback: the agent tells the customer and the flow agent answers.
  if (said.includes('simulate outage')) return { status: 500, text: '' };
  if (said.includes('simulate stall')) return { stall: true, text: 'Let me check' };

  if (said.startsWith('i choose:')) {
    const choice = last.slice('i choose:'.length).trim();
    const outcome = OUTCOMES[choice];
    if (!outcome) return { text: "I'm sorry I couldn't sort this out myself. I've asked a colleague to join; they'll see everything we said here." };
    return {
      text: `My apologies for all the trouble. Done: ${outcome.said}, and you'll get an email confirmation in a few minutes.`,
      tools: [
        {
          name: 'send_recap',
          arguments: {
            understood: confirmed ?? 'your parcel never arrived',
            done: [outcome.done],
            next_step: { who: 'Our warehouse', what: outcome.what, when: 'within 2 working days' },
            resolved: true,
          },
        },
      ],
    };
  }
  if (/\d{3,}/.test(said)) {
    return {
      text: 'Sorry about the wait. I found the order: it has been stuck at the depot since Monday.',
      tools: [
        { name: 'offer_options', arguments: { prompt: 'How would you like to continue?', options: ['Send a replacement', 'Refund me', 'Talk to a person'] } },
        // A model sometimes asks for too many buttons: Attune drops this one (and logs it).
        { name: 'offer_options', arguments: { prompt: 'Or pick one of these', options: ['Wait', 'Refund', 'Replace', 'Call me'] } },
      ],
    };
  }
  if (/parcel|order|package|deliver|arriv|late|lost/.test(said)) {
    const feeling = upset ? 'I can tell this has been really frustrating. ' : '';
    return { text: `I'm so sorry your order hasn't turned up. ${feeling}Let me look into it right away. What is your order number?` };
  }
  return {
    text: "Sorry, I'm a scripted demo model and only know one story. Try “my parcel still hasn't arrived”, then an order number like 48213 — or “simulate outage” to see the fallback.",
  };
}

/**
 * A `fetch` for `openAiCompatibleAgent` that streams {@link scriptedReply}, a word at a time.
 * @param {{ delayMs?: number }} [options]
 */
export function scriptedModel({ delayMs = 35 } = {}) {
  return async (_url, init = {}) => {
    const body = JSON.parse(String(init.body ?? '{}'));
    const signal = init.signal ?? undefined;
    const plan = scriptedReply(body);
    if (plan.status) {
      return new Response(JSON.stringify({ error: { message: 'scripted outage' } }), { status: plan.status, headers: { 'content-type': 'application/json' } });
    }
    const encoder = new TextEncoder();
    let cancelled = false;
    const base = { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model ?? 'scripted' };
    const stream = new ReadableStream({
      async start(controller) {
        const send = (data) => !cancelled && controller.enqueue(encoder.encode(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`));
        const delta = (d, finish = null) => send({ ...base, choices: [{ index: 0, delta: d, finish_reason: finish }] });
        delta({ role: 'assistant', content: '' });
        for (const word of plan.text.match(/\S+\s*/g) ?? []) {
          await sleep(delayMs, signal);
          if (cancelled || signal?.aborted) return;
          delta({ content: word });
        }
        if (plan.stall) return; // never finishes: the agent's timeout takes over
        for (const [index, tool] of (plan.tools ?? []).entries()) {
          const args = JSON.stringify(tool.arguments);
          const half = Math.floor(args.length / 2);
          delta({ tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: tool.name, arguments: args.slice(0, half) } }] });
          delta({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] });
        }
        delta({}, plan.tools?.length ? 'tool_calls' : 'stop');
        const completion = plan.text.split(/\s+/).length;
        send({
          ...base,
          choices: [],
          usage: { prompt_tokens: JSON.stringify(body.messages ?? []).length >> 2, completion_tokens: completion, total_tokens: completion },
        });
        send('[DONE]');
        if (!cancelled) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}
