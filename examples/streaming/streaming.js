// A scripted streaming transport for this demo: it plays a canned markdown reply token
// by token, the way a server speaking protocol v1.1 streams a model's answer (a seq'd
// start, transient deltas, a seq'd final text; `stop` ends it). There is no server and no
// model here: the reply is always the same text. With a real backend, use
// httpTransport({ url }) or webSocketTransport({ url }) against @attune/server instead.
import { createConversation } from '/packages/core/dist/index.js';

const REPLY = `Sorry about the wait — here is **what I found** for order \`#48213\`:

1. The parcel left our warehouse on *Monday*.
2. The carrier marked it **delayed** at the regional hub.
3. A new delivery date is set for **Thursday**.

> You don't need to do anything: we'll email you when it moves.

What I can do right now:

- send a replacement today, or
- refund the shipping cost.

Track it any time at https://example.com/track/48213 or read [our delivery FAQ](https://example.com/help/delivery).`;

const TOKENS_PER_SECOND = 40;

function scriptedStreamingTransport() {
  let ctx;
  let seq = 0;
  let playing;
  const emit = (event) => ctx.receive({ v: 1, ...event, ...(event.type === 'delta' ? {} : { seq: ++seq }) });
  const tokens = REPLY.match(/\s*\S+/g) ?? [];

  function play(id) {
    let text = '';
    let i = 0;
    emit({ type: 'text', id, from: 'agent', name: 'Ana (scripted)', text: '', status: 'streaming', at: Date.now() });
    const timer = setInterval(() => {
      const token = tokens[i++];
      if (token === undefined) return finish();
      emit({ type: 'delta', id, offset: text.length, text: token });
      text += token;
    }, 1000 / TOKENS_PER_SECOND);
    function finish(stopped = false) {
      clearInterval(timer);
      playing = undefined;
      emit({ type: 'text', id, from: 'agent', name: 'Ana (scripted)', text, status: 'sent', at: Date.now(), ...(stopped ? { tags: ['stopped'] } : {}) });
    }
    playing = { id, finish };
  }

  return {
    connect(context) {
      ctx = context;
      ctx.status('open');
      emit({
        type: 'text',
        id: 'hello',
        from: 'agent',
        name: 'Ana (scripted)',
        text: 'Hi! Ask me **anything** — I will stream a reply *with markdown*.',
        at: Date.now(),
      });
    },
    async send(event) {
      setTimeout(() => {
        if (event.type === 'message') {
          emit({ type: 'text', id: event.id, from: 'customer', text: event.text, at: event.at ?? Date.now() });
          if (!playing) setTimeout(() => play(`r_${event.id}`), 400);
        } else if (event.type === 'stop' && playing?.id === event.id) {
          playing.finish(true);
        }
        emit({ type: 'ack', id: event.id });
      }, 30);
    },
  };
}

const chat = document.querySelector('attune-chat');
chat.conversation = createConversation({ transport: scriptedStreamingTransport() });
