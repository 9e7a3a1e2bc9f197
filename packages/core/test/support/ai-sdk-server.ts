// A loopback AI SDK chat route built with the real `ai` package, as an app would write it:
// POST {api} answers with `pipeUIMessageStreamToResponse`; the SSE text of the last reply
// is kept (through `consumeSseStream`, the hook resumable streams use) so
// GET {api}/{id}/stream can replay it, or answer 204 when nothing is active.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUIMessageStream, pipeUIMessageStreamToResponse, streamText, simulateReadableStream, type UIMessageChunk } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

export interface ChatRequest {
  id: string;
  messages: { id: string; role: string; parts: { type: string; text?: string }[]; metadata?: { attune?: Record<string, unknown> } }[];
  trigger: string;
  attune?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What one POST answers: UI message chunks (written by `createUIMessageStream`), a model reply, or an HTTP status. */
export type Reply = { chunks: UIMessageChunk[]; cutAfter?: number; resumable?: boolean } | { model: string[] } | { status: number } | { throws: string };

const readBody = async (req: IncomingMessage): Promise<string> => {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
};

/** A scripted language model from `ai/test`: streams `words` as text deltas. */
export function scriptedModel(words: string[]): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doStream: async () => ({
      stream: simulateReadableStream({
        chunkDelayInMs: 2,
        chunks: [
          { type: 'stream-start', warnings: [] },
          { type: 'text-start', id: 't1' },
          ...words.map((delta) => ({ type: 'text-delta' as const, id: 't1', delta })),
          { type: 'text-end', id: 't1' },
          {
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: {
              inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
              outputTokens: { total: words.length, text: words.length, reasoning: undefined },
            },
          },
        ],
      }),
    }),
  });
}

export async function startAiSdkServer(replies: Reply[]) {
  const requests: ChatRequest[] = [];
  const resumes: number[] = [];
  let replay: string | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (req.method === 'GET' && /^\/api\/chat\/[^/]+\/stream$/.test(req.url ?? '')) {
        resumes.push(Date.now());
        if (replay === undefined) return void res.writeHead(204).end();
        res.writeHead(200, { 'content-type': 'text/event-stream', 'x-vercel-ai-ui-message-stream': 'v1' });
        return void res.end(replay);
      }
      if (req.method !== 'POST' || req.url !== '/api/chat') return void res.writeHead(404).end();
      const body = JSON.parse(await readBody(req)) as ChatRequest;
      requests.push(body);
      const reply = replies.shift() ?? { model: ['(no more scripted replies)'] };
      replay = undefined;
      if ('status' in reply) return void res.writeHead(reply.status, { 'content-type': 'application/json' }).end('{"error":"scripted"}');
      if ('model' in reply) {
        const result = streamText({ model: scriptedModel(reply.model), prompt: 'Answer the customer.' });
        return result.pipeUIMessageStreamToResponse(res);
      }
      if ('throws' in reply) {
        const stream = createUIMessageStream({
          execute: ({ writer }) => {
            writer.write({ type: 'text-start', id: 'a' });
            writer.write({ type: 'text-delta', id: 'a', delta: 'Let me look' });
            throw new Error(reply.throws);
          },
          onError: (error) => (error instanceof Error ? error.message : 'error'),
        });
        return pipeUIMessageStreamToResponse({ response: res, stream });
      }
      const { chunks, cutAfter, resumable = true } = reply;
      const stream = createUIMessageStream({
        execute: async ({ writer }) => {
          for (const [i, chunk] of chunks.entries()) {
            if (cutAfter !== undefined && i === cutAfter) {
              // Let the written chunks reach the client, then drop the connection mid-reply.
              await new Promise((resolve) => setTimeout(resolve, 30));
              res.socket?.destroy();
              return;
            }
            writer.write(chunk);
          }
        },
      });
      return pipeUIMessageStreamToResponse({
        response: res,
        stream,
        consumeSseStream: ({ stream: sse }) => {
          // What a resumable-stream store keeps: the whole reply, replayed from its start.
          if (!resumable) return;
          const whole = [...chunks].map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
          void sse.pipeTo(new WritableStream()).catch(() => undefined);
          replay = whole;
        },
      });
    })().catch((error: unknown) => {
      console.error(error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: `http://127.0.0.1:${port}/api/chat`,
    requests,
    resumes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
