// Browser tests for every package, in real Chromium (Debian's `chromium`, or CHROME_PATH).
// TypeScript sources are served directly through the `@attune/source` export condition,
// so no build is needed. ATTUNE_REACT=18 runs the React tests against React 18.
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { reactPlugin } from './tools/wtr-react.mjs';
import { handleChat } from './examples/ai-sdk-backend/backend.mjs';

const reactVersion = process.env.ATTUNE_REACT === '18' ? '18' : '19';
const executablePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export default {
  rootDir: '.',
  files: reactVersion === '18' ? ['packages/react-adapter/test/**/*.browser.test.{ts,tsx}'] : ['packages/*/test/**/*.browser.test.{ts,tsx}'],
  nodeResolve: { exportConditions: ['@attune/source', 'development', 'browser'] },
  // An AI SDK chat route on the test server itself (loopback, real `ai` package, scripted model)
  // for the widget's aiSdkTransport test.
  middleware: [
    async (ctx, next) => {
      if (ctx.method !== 'POST' || ctx.path !== '/ai-sdk/chat') return next();
      ctx.respond = false;
      await handleChat(ctx.req, ctx.res);
    },
  ],
  plugins: [reactPlugin({ version: reactVersion }), esbuildPlugin({ ts: true, tsx: true, tsconfig: './tsconfig.base.json', target: 'auto' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--headless',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 240000,
};
