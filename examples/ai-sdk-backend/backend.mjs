// An AI SDK chat route as an app writes it, for Attune's `aiSdkTransport`: the request body is
// what `useChat` sends plus `attune` (the customer's tone, the confirmed understanding, the
// recap so far), which goes into the system prompt. The model is scripted (`ai/test`), so the
// example runs without a key: swap `scriptedModel()` for `openai('gpt-4o-mini')` or any provider.
import { convertToModelMessages, createUIMessageStream, pipeUIMessageStreamToResponse, simulateReadableStream, streamText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

/** The empathy context Attune sends, as lines for the system prompt (copy this into your route). */
export function attuneSystemPrompt(attune = {}) {
  const lines = [
    'You are a customer-support agent. Be brief, concrete and kind. Apologise at most once per conversation; always pair an acknowledgment with a next step.',
  ];
  if (attune.tone)
    lines.push(
      `The customer's last message reads as ${attune.tone.tone} (intensity ${Number(attune.tone.intensity).toFixed(1)}${attune.tone.urgency ? ', urgent' : ''}). Match your acknowledgment to it.`,
    );
  if (attune.understanding) lines.push(`The customer confirmed the problem is: ${attune.understanding}. Do not ask again.`);
  if (attune.recap) lines.push(`Recap so far: ${JSON.stringify(attune.recap)}.`);
  return lines.join('\n');
}

/** A scripted model (no key): answers the last user message from a tiny script, word by word. */
export function scriptedModel() {
  return new MockLanguageModelV3({
    doStream: async ({ prompt }) => {
      const last = [...prompt].reverse().find((m) => m.role === 'user');
      const said = last?.content.map((p) => (p.type === 'text' ? p.text : '')).join(' ') ?? '';
      const reply = /send it again|resend/i.test(said)
        ? "Done: a new parcel leaves our warehouse today, and you'll get the tracking link by email."
        : /refund/i.test(said)
          ? 'Your refund is on its way: it reaches your card within 3 working days.'
          : `Thanks for telling me. I'm checking that for you now (scripted model: set a real provider in examples/ai-sdk-backend/backend.mjs).`;
      const words = reply.split(/(?<= )/);
      return {
        stream: simulateReadableStream({
          chunkDelayInMs: 30,
          chunks: [
            { type: 'stream-start', warnings: [] },
            { type: 'text-start', id: 't' },
            ...words.map((delta) => ({ type: 'text-delta', id: 't', delta })),
            { type: 'text-end', id: 't' },
            {
              type: 'finish',
              finishReason: { unified: 'stop', raw: 'stop' },
              usage: {
                inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
                outputTokens: { total: words.length, text: words.length, reasoning: undefined },
              },
            },
          ],
        }),
      };
    },
  });
}

async function readJson(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 1_000_000) throw new Error('body too large');
  }
  return JSON.parse(body);
}

/**
 * POST handler (Node `req`/`res`): streams the reply as a UI message stream. On the first
 * customer turn it also sends a paraphrase echo and an option picker as `data-attune-*` parts.
 */
export async function handleChat(req, res, { model = scriptedModel() } = {}) {
  let body;
  try {
    body = await readJson(req);
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid JSON"}');
    return;
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const first = messages.filter((m) => m.role === 'user').length === 1;
  const stream = createUIMessageStream({
    execute: async ({ writer }) => {
      const result = streamText({ model, system: attuneSystemPrompt(body.attune), messages: await convertToModelMessages(messages) });
      // The text first, then the empathy parts, then one `finish`.
      for await (const chunk of result.toUIMessageStream({ sendFinish: false })) writer.write(chunk);
      if (first) {
        const said = messages.at(-1)?.parts?.find((p) => p.type === 'text')?.text ?? '';
        writer.write({
          type: 'data-attune-echo',
          data: { text: `So this is about: “${said.slice(0, 80)}” — did I get that right?`, reflection: said.slice(0, 80) },
        });
        writer.write({
          type: 'data-attune-choice',
          data: {
            prompt: 'What would help most?',
            options: [
              { id: 'refund', label: 'A refund' },
              { id: 'resend', label: 'Send it again' },
            ],
          },
        });
      }
      writer.write({ type: 'finish' });
    },
    onError: () => 'The model failed; please try again.',
  });
  pipeUIMessageStreamToResponse({ response: res, stream });
}
