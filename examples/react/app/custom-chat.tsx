// A chat UI of our own, built only from the headless hooks: the conversation comes from
// `useChat`, each interactive message from its primitive hook (`useParaphraseEcho`,
// `useOptionPicker`, `useClosingRecap`, `useCsat`), which hand back ARIA and keyboard
// props. The markup and the look are entirely this app's.
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { ConversationProvider, useChat, useClosingRecap, useCsat, useOptionPicker, useParaphraseEcho } from '@attune/react';
import { isAttuneError } from '@attune/core';
import type { ChoiceMessage, CsatMessage, EchoMessage, Message, RecapMessage } from '@attune/core';

/** Moves focus back to the composer once the customer answered (confirmed, chose). */
const FocusComposer = createContext<() => void>(() => {});

function Echo({ echo }: { echo: EchoMessage }) {
  const e = useParaphraseEcho(echo);
  const focusComposer = useContext(FocusComposer);
  const confirm = e.getConfirmProps();
  return (
    <div className="bubble agent echo" {...e.getRootProps()}>
      <p {...e.getTextProps()}>{echo.text}</p>
      {echo.state === 'proposed' ? (
        <div className="actions">
          <button className="pill primary" {...confirm} onClick={() => (confirm.onClick(), focusComposer())}>
            {e.labels.confirm}
          </button>
          <button className="pill" {...e.getCorrectProps()}>
            {e.labels.correct}
          </button>
        </div>
      ) : (
        <p className="settled">{echo.state === 'confirmed' ? '✓ Confirmed' : `✎ Corrected: ${echo.correction ?? ''}`}</p>
      )}
      {e.correcting && <input className="correction" {...e.getCorrectionInputProps()} />}
    </div>
  );
}

function Picker({ choice }: { choice: ChoiceMessage }) {
  const picker = useOptionPicker(choice);
  const focusComposer = useContext(FocusComposer);
  // Read before the choice re-renders the picker: only the answering press moves focus.
  const answer = () => void (picker.disabled || focusComposer());
  return (
    <div className="bubble agent picker" {...picker.getRootProps()}>
      <p {...picker.getLabelProps()}>{choice.prompt}</p>
      <div className="options">
        {choice.options.map((o) => {
          const props = picker.getOptionProps(o);
          const onClick = () => (props.onClick(), answer());
          const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
            props.onKeyDown(event);
            if (event.key === 'Enter' || event.key === ' ') answer();
          };
          return (
            <button key={o.id} className="option" {...props} onClick={onClick} onKeyDown={onKeyDown}>
              <span>{o.label}</span>
              {o.description && (
                <small className="muted" {...picker.getDescriptionProps(o)}>
                  {o.description}
                </small>
              )}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function Recap({ recap }: { recap: RecapMessage }) {
  const r = useClosingRecap(recap);
  return (
    <section className="recap" {...r.getRootProps()}>
      <h3 {...r.getHeadingProps()}>{r.heading}</h3>
      {r.sections.map((s) => (
        <div key={s.name} className={`recap-${s.name}`} {...r.getSectionProps(s.name)}>
          {s.label && <strong>{s.label}</strong>}
          {s.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ))}
    </section>
  );
}

function Csat({ csat }: { csat: CsatMessage }) {
  const c = useCsat(csat);
  return (
    <div className="csat" {...c.getRootProps()}>
      <p {...c.getPromptProps()}>{c.labels.prompt}</p>
      <div className="stars">
        {c.scores.map((n) => (
          <button key={n} className="star" {...c.getScoreProps(n)}>
            {c.score !== undefined && n <= c.score ? '★' : '☆'}
          </button>
        ))}
      </div>
      {c.submitted && (
        <div className="comment">
          {c.commented ? (
            <p className="thanks">{c.labels.thanks}</p>
          ) : (
            <>
              <textarea rows={2} {...c.getCommentProps()} />
              <button className="pill" {...c.getSubmitProps()}>
                {c.labels.submit}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function Item({ message }: { message: Message }) {
  switch (message.kind) {
    case 'text':
      return (
        <div className={`bubble ${message.from}`} data-status={message.status}>
          {message.text}
          {message.status === 'pending' && <span className="muted small"> · sending…</span>}
        </div>
      );
    case 'echo':
      return <Echo echo={message} />;
    case 'choice':
      return <Picker choice={message} />;
    case 'recap':
      return <Recap recap={message} />;
    case 'csat':
      return <Csat csat={message} />;
    case 'handoff':
      return <p className="system">{message.text}</p>;
  }
}

/** The custom UI: a transcript, a composer, and the conversation provided to the hooks above. */
export function CustomChat() {
  const chat = useChat();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const focusInside = useRef(false);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
    // Confirming an echo or picking an option disables the button that had focus: bring
    // focus back to the composer instead of dropping it on the page.
    if (focusInside.current && (document.activeElement === document.body || document.activeElement === null)) input.current?.focus();
  }, [chat.messages]);

  // Stable for the context: the input element is read at call time.
  const [focusComposer] = useState(() => () => input.current?.focus());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      chat.send(draft);
      setDraft('');
      setError('');
    } catch (e) {
      // send() validates at once (empty, too long): say why instead of dropping the text.
      setError(isAttuneError(e) ? e.message : 'Could not send that message.');
    }
  };

  return (
    <ConversationProvider conversation={chat.conversation}>
      <FocusComposer.Provider value={focusComposer}>
        <div className="split">
          <div className="custom-chat" onFocus={() => (focusInside.current = true)}>
            <header className="custom-header">
              <span className="avatar" aria-hidden="true">
                A
              </span>
              <div>
                <strong>Acme Outdoors help</strong>
                <span className="muted small">{chat.typing ? 'typing…' : chat.status === 'open' ? 'online' : chat.status}</span>
              </div>
            </header>
            <div className="transcript" role="log" aria-label="Conversation" ref={log}>
              {chat.messages.length === 0 ? <p className="system">Say hello to start.</p> : chat.messages.map((m) => <Item key={m.id} message={m} />)}
              {chat.typing && (
                <p className="typing" aria-label="Typing">
                  <span />
                  <span />
                  <span />
                </p>
              )}
            </div>
            <form className="composer" onSubmit={submit}>
              <label htmlFor="custom-message" className="visually-hidden">
                Message
              </label>
              <input
                id="custom-message"
                ref={input}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                placeholder="Describe the problem…"
                autoComplete="off"
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'custom-error' : undefined}
              />
              <button type="submit" className="pill primary">
                Send
              </button>
            </form>
            {error && (
              <p id="custom-error" className="error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div>
            <h2>Custom UI from hooks</h2>
            <p className="muted">
              Everything on the left is this app's own markup. The hooks supply state, actions and ARIA/keyboard props: the options are a radio group with
              arrow-key focus, the echo has confirm and correct, the rating is one tap.
            </p>
            <pre>
              <code>{`const chat = useChat();   // the conversation
useParaphraseEcho(echo);   // confirm / correct
useOptionPicker(choice);   // 2–3 options, arrows
useClosingRecap(recap);    // who, what, by when
useCsat(csat);             // one-tap rating`}</code>
            </pre>
            <p className="muted small">
              Try it with the keyboard only: Shift+Tab from the message field reaches the latest question, and answering brings you back.
            </p>
          </div>
        </div>
      </FocusComposer.Provider>
    </ConversationProvider>
  );
}
