// `pnpm start` (or `node main.mjs`): the AG-UI agent at POST /agent and a page using
// Attune's `agUiTransport` at /. PORT (default 8791) and HOST (default 127.0.0.1).
import { handleRun } from './agent.mjs';
import { serveExample } from '../ai-sdk-backend/serve.mjs';

serveExample({ name: 'AG-UI agent', route: '/agent', handler: handleRun, page: new URL('./index.html', import.meta.url), port: 8791 });
