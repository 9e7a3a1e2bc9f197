// A scripted AG-UI agent (no model, no key) showing what Attune's `agUiTransport` renders:
// streamed text, an interrupt asking the customer to confirm (shown as a paraphrase echo),
// an `input_required` interrupt with two options (an option picker), and a closing recap
// as `CUSTOM { name: 'attune.recap' }`. A real agent (LangGraph, Mastra, Pydantic AI…) emits
// the same events; `attuneSystemPrompt` shows how to read Attune's `context[]`.
import { EventType } from '@ag-ui/core';
import { EventEncoder } from '@ag-ui/encoder';

/** Attune's `context[]` entries (`attune.tone`, `attune.understanding`, `attune.recap`) as system-prompt lines. */
export function attuneSystemPrompt(context = []) {
  const get = (name) => context.find((c) => c.description === `attune.${name}`)?.value;
  const lines = ['You are a customer-support agent. Be brief and kind; apologise at most once; every acknowledgment comes with a next step.'];
  const tone = get('tone');
  if (tone) {
    const { tone: t, intensity, urgency } = JSON.parse(tone);
    lines.push(`The customer's last message reads as ${t} (intensity ${Number(intensity).toFixed(1)}${urgency ? ', urgent' : ''}).`);
  }
  if (get('understanding')) lines.push(`The customer confirmed the problem: ${get('understanding')}.`);
  if (get('recap')) lines.push(`Recap so far: ${get('recap')}.`);
  return lines.join('\n');
}

const text = (messageId, words) => [
  { type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' },
  ...words.split(/(?<= )/).map((delta) => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta })),
  { type: EventType.TEXT_MESSAGE_END, messageId },
];

/** The events of one run, chosen from what the input answers (`resume[]`) or says. */
export function scriptedRun(input) {
  const answer = input.resume?.find((r) => r.status === 'resolved');
  const id = (suffix) => `${input.runId}-${suffix}`;
  if (answer?.payload?.confirmed === true || answer?.payload?.correction) {
    return [
      ...text(id('t'), 'Thanks for confirming. How would you like us to fix it?'),
      {
        type: EventType.RUN_FINISHED,
        threadId: input.threadId,
        runId: input.runId,
        outcome: {
          type: 'interrupt',
          interrupts: [
            {
              id: id('choose'),
              reason: 'input_required',
              message: 'Pick one',
              responseSchema: {
                type: 'string',
                oneOf: [
                  { const: 'refund', title: 'A refund' },
                  { const: 'resend', title: 'Send it again' },
                ],
              },
            },
          ],
        },
      },
    ];
  }
  if (answer?.payload?.optionId) {
    const resend = answer.payload.optionId === 'resend';
    return [
      ...text(
        id('t'),
        resend ? 'Done: a new parcel leaves today (scripted agent).' : 'Done: your refund reaches your card within 3 working days (scripted agent).',
      ),
      {
        type: EventType.CUSTOM,
        name: 'attune.recap',
        value: {
          understood: 'Your parcel did not arrive',
          done: [resend ? 'Sent a new parcel' : 'Refunded the order'],
          nextStep: { who: 'We', what: resend ? 'email you the tracking link' : 'confirm the refund by email', when: 'today' },
          resolved: true,
          care: 'Thanks for your patience.',
        },
      },
      { type: EventType.RUN_FINISHED, threadId: input.threadId, runId: input.runId },
    ];
  }
  const said = [...input.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return [
    ...text(id('t'), "Thanks for telling me. I'm on it (scripted agent)."),
    {
      type: EventType.RUN_FINISHED,
      threadId: input.threadId,
      runId: input.runId,
      outcome: {
        type: 'interrupt',
        interrupts: [
          {
            id: id('confirm'),
            reason: 'confirmation',
            message: `So this is about: “${String(said).slice(0, 80)}” — did I get that right?`,
            metadata: { reflection: String(said).slice(0, 80) },
          },
        ],
      },
    },
  ];
}

/** POST handler (Node `req`/`res`): reads `RunAgentInput`, streams the run's events as SSE. */
export async function handleRun(req, res, { run = scriptedRun } = {}) {
  let input;
  try {
    let body = '';
    for await (const chunk of req) body += chunk;
    input = JSON.parse(body);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const encoder = new EventEncoder({ accept: req.headers.accept ?? 'text/event-stream' });
  res.writeHead(200, { 'content-type': encoder.getContentType(), 'cache-control': 'no-cache' });
  res.write(encoder.encodeSSE({ type: EventType.RUN_STARTED, threadId: input.threadId, runId: input.runId }));
  for (const event of run(input)) {
    res.write(encoder.encodeSSE(event));
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  res.end();
}
