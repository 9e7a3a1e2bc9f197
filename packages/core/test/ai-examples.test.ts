// The two AI backend examples, driven end to end by the transports a page would use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConversation } from '../src/conversation/index.js';
import { aiSdkTransport } from '../src/ai-sdk/index.js';
import { agUiTransport } from '../src/ag-ui/index.js';
import { detectTone } from '../src/tone/index.js';
import type { Conversation } from '../src/conversation.types.js';
import { handleChat, attuneSystemPrompt as aiSdkPrompt } from '../../../examples/ai-sdk-backend/backend.mjs';
import { handleRun, attuneSystemPrompt as agUiPrompt } from '../../../examples/ag-ui-backend/agent.mjs';
import { until } from './support/wait-for.js';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => void handler(req, res));
  server.on('request', (req: IncomingMessage) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => bodies.push(JSON.parse(body) as unknown));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const agentSaid = (c: Conversation, start: string) => () =>
  c.getSnapshot().messages.find((m) => m.kind === 'text' && m.from === 'agent' && !m.streaming && m.text.startsWith(start));

test('examples/ai-sdk-backend: reply, echo and picker; choosing "Send it again" gets its answer; the system prompt carries the tone', async () => {
  const server = await serve(handleChat);
  const c = createConversation({ transport: aiSdkTransport({ api: `${server.url}/api/chat`, tone: detectTone }) });
  c.subscribe(() => undefined);
  c.send('My parcel never arrived, this is so annoying');
  const choice = await until(() => c.getSnapshot().messages.find((m) => m.kind === 'choice'));
  assert.ok(c.getSnapshot().messages.some((m) => m.kind === 'echo'));
  c.choose(choice.id, 'resend');
  await until(agentSaid(c, 'Done: a new parcel'));
  const prompt = aiSdkPrompt((server.bodies[0] as { attune: Parameters<typeof aiSdkPrompt>[0] }).attune);
  assert.match(prompt, /reads as frustration/);
  c.dispose();
  await server.close();
});

test('examples/ag-ui-backend: confirmation interrupt → echo, input_required → picker, then the recap; context[] becomes the system prompt', async () => {
  const server = await serve(handleRun);
  const c = createConversation({ transport: agUiTransport({ url: `${server.url}/agent`, tone: detectTone }) });
  c.subscribe(() => undefined);
  c.send('My parcel never arrived');
  const echo = await until(() => c.getSnapshot().messages.find((m) => m.kind === 'echo'));
  c.confirmEcho(echo.id);
  const choice = await until(() => c.getSnapshot().messages.find((m) => m.kind === 'choice'));
  c.choose(choice.id, 'refund');
  const recap = await until(() => c.getSnapshot().messages.find((m) => m.kind === 'recap'));
  assert.equal(recap.kind === 'recap' && recap.done[0], 'Refunded the order');
  await until(agentSaid(c, 'Done: your refund'));
  const last = server.bodies.at(-1) as { context: Parameters<typeof agUiPrompt>[0] };
  assert.match(agUiPrompt(last.context), /confirmed the problem: My parcel never arrived/);
  c.dispose();
  await server.close();
});
