// The React example: two views behind hash routes — the drop-in <AttuneChat> and a custom
// chat UI built only from the headless hooks.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CustomChat } from './custom-chat.js';
import { DropIn } from './drop-in.js';

const views = {
  '#/custom': { label: 'Custom UI from hooks', render: () => <CustomChat /> },
  '#/drop-in': { label: 'Drop-in <AttuneChat>', render: () => <DropIn /> },
} as const;
type Route = keyof typeof views;

const routeOf = (hash: string): Route => (hash in views ? (hash as Route) : '#/custom');

function App() {
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return (
    <>
      <nav className="views" aria-label="React example views">
        {(Object.keys(views) as Route[]).map((r) => (
          <a key={r} href={r} aria-current={r === route ? 'page' : undefined}>
            {views[r].label}
          </a>
        ))}
      </nav>
      {/* A key per view: switching remounts it, so each view owns a fresh conversation. */}
      <div key={route}>{views[route].render()}</div>
    </>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
