import { createConversation, httpTransport } from '@attune/core';

const conversation = createConversation({
  transport: httpTransport({ url: process.env.ATTUNE_URL ?? 'http://127.0.0.1:8787' }),
  storage: 'memory',
});
const id = conversation.send("My order hasn't arrived and I need it for Friday");
conversation.subscribe(() => {
  const { status, messages } = conversation.getSnapshot();
  const sent = messages.find((m) => m.id === id);
  if (sent?.kind === 'text' && sent.status === 'sent') {
    console.log(`delivered ${id} to ${conversation.getSnapshot().id} (${status})`);
    conversation.dispose();
  }
});
