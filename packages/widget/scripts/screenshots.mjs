// Saves the widget screenshots to docs/images/widget-*.png:
//   node packages/widget/scripts/screenshots.mjs   (from the repository root)
// Serves the TypeScript sources with @web/dev-server + esbuild (no build needed) and
// drives Chromium (CHROME_PATH, default /usr/bin/chromium) with playwright-core.
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';

const root = new URL('../../../', import.meta.url).pathname;
const server = await startDevServer({
  config: {
    rootDir: root,
    hostname: '127.0.0.1',
    port: Number(process.env.PORT ?? 0),
    nodeResolve: { exportConditions: ['@attune/source', 'development', 'browser'] },
    plugins: [esbuildPlugin({ ts: true, tsconfig: `${root}tsconfig.base.json`, target: 'auto' })],
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});
const base = `http://127.0.0.1:${server.server.address().port}/packages/widget/scripts/preview.html`;
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const shots = [
  ['launcher', 'state=closed'],
  ['echo', 'state=echo'],
  ['picker', 'state=picker'],
  ['recap-csat', 'state=rated'],
  ['dark', 'state=picker&theme=dark'],
  ['rtl-es', 'state=picker&locale=es&dir=rtl'],
  ['hostile-page', 'state=picker&hostile=1'],
  ['rtl-ar', 'state=picker&locale=ar'],
  ['agent-timestamps', 'state=echo&agent=1'],
  ['phone', 'state=picker&agent=1', { width: 390, height: 780 }],
  ['phone-dark', 'state=rated&theme=dark', { width: 390, height: 780 }],
];
await mkdir(`${root}docs/images`, { recursive: true });
try {
  for (const [name, query, viewport = { width: 900, height: 760 }] of shots) {
    const page = await browser.newPage({
      viewport,
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      ...(viewport.width < 500 && { isMobile: true, hasTouch: true }),
    });
    page.on('pageerror', (e) => console.error(name, e));
    page.on('console', (m) => m.type() === 'error' && console.error(name, m.text()));
    await page.goto(`${base}?${query}`);
    await page.waitForSelector('body[data-ready]');
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${root}docs/images/widget-${name}.png` });
    console.log(`docs/images/widget-${name}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
