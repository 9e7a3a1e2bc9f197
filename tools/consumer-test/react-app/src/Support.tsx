import { useState } from 'react';
import { useChat } from '@attune/react';

export function Support() {
  const { messages, send, confirmEcho } = useChat({ locale: 'en' });
  const [draft, setDraft] = useState('');
  return (
    <section aria-label="Support">
      <ol role="log" aria-label="Conversation">
        {messages.map((m) => (
          <li key={m.id}>
            {m.kind === 'text' && m.text}
            {m.kind === 'echo' && (
              <>
                {m.text}
                {m.state === 'proposed' && <button onClick={() => confirmEcho(m.id)}>Yes, that's right</button>}
              </>
            )}
            {m.kind === 'choice' && m.prompt}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          send(draft);
          setDraft('');
        }}
      >
        <input aria-label="Message" value={draft} onChange={(e) => setDraft(e.target.value)} />
      </form>
    </section>
  );
}
