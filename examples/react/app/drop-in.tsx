import { useState } from 'react';
import { AttuneChat } from '@attune/react/widget';

interface Logged {
  n: number;
  name: string;
  detail: string;
}

/** The ready-made component: one element, typed `on…` event props. */
export function DropIn() {
  const [log, setLog] = useState<Logged[]>([]);
  const record = (name: string) => (event: CustomEvent<unknown>) =>
    setLog((entries) => [{ n: (entries[0]?.n ?? 0) + 1, name, detail: JSON.stringify(event.detail) }, ...entries].slice(0, 8));
  return (
    <div className="split">
      <div>
        <h2>Drop-in component</h2>
        <p className="muted">
          <code>AttuneChat</code> from <code>@attune/react/widget</code> wraps the <code>&lt;attune-chat&gt;</code> element: properties as props, DOM events as
          typed <code>on…</code> props.
        </p>
        <pre>
          <code>{`import { AttuneChat } from '@attune/react/widget';

<AttuneChat
  mode="inline"
  heading="Support"
  onChoose={(e) => track('option', e.detail.optionId)}
  onRate={(e) => track('csat', e.detail.score)}
/>`}</code>
        </pre>
        <h3>Events received</h3>
        {log.length === 0 ? (
          <p className="muted small">Chat with the widget: its events show up here.</p>
        ) : (
          <ol className="events" reversed>
            {log.map((e) => (
              <li key={e.n}>
                <code>{e.name}</code> <span className="muted small">{e.detail}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
      <AttuneChat
        className="drop-in-chat"
        mode="inline"
        heading="Support"
        onSend={record('attune-send')}
        onEchoConfirm={record('attune-echo-confirm')}
        onEchoCorrect={record('attune-echo-correct')}
        onChoose={record('attune-choose')}
        onRecap={record('attune-recap')}
        onRate={record('attune-rate')}
      />
    </div>
  );
}
