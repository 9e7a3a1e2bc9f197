// `pnpm start` (or `node main.mjs`): the AI SDK route at POST /api/chat and a page using
// Attune's `aiSdkTransport` at /. PORT (default 8790) and HOST (default 127.0.0.1).
import { handleChat } from './backend.mjs';
import { serveExample } from './serve.mjs';

serveExample({ name: 'AI SDK backend', route: '/api/chat', handler: handleChat, page: new URL('./index.html', import.meta.url), port: 8790 });
