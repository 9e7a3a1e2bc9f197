// The consumer app: the hooks (Support) or the drop-in component (DropIn), chosen by the page's hash.
// The measurement builds import one of them alone (see vite.config.ts).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Support } from './Support';
import { DropIn } from './DropIn';

const chosen: string[] = [];
const root = document.getElementById('root');
if (root === null) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    {location.hash === '#drop-in' ? (
      <DropIn
        onChoose={(id) => {
          chosen.push(id);
          document.title = `chose ${chosen.join(',')}`;
        }}
      />
    ) : (
      <Support />
    )}
  </StrictMode>,
);
