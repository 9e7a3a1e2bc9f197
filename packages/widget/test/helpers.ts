// Test helpers. `@web/test-runner-commands` is not hoisted in this workspace, so its
// browser half (one WebSocket message to the runner, whose sendKeys/emulateMedia plugins
// are on by default) is re-implemented here: real keyboard input through Playwright.
import { nextFrame } from '@open-wc/testing';
import { createConversation, localAgent } from '@attune/core';
import type { Conversation } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import type { ScriptedTransport } from '@attune/core/testing';

async function command(command: string, payload: unknown): Promise<void> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- `as string` keeps tsc from resolving a URL only the dev server serves
  const ws = (await import(/* @vite-ignore */ '/__web-dev-server__web-socket.js' as string)) as {
    sendMessageWaitForResponse(message: unknown): Promise<{ executed: boolean; error?: string }>;
  };
  const response = await ws.sendMessageWaitForResponse({ type: 'wtr-command', sessionId, command, payload });
  if (!response.executed || response.error) throw new Error(`${command} failed: ${response.error ?? 'not executed'}`);
}

/** Real key presses (`{ press: 'Enter' }`, `{ type: 'hello' }`, `{ down: 'Shift' }`). */
export const sendKeys = (payload: { press?: string; type?: string; down?: string; up?: string }) => command('send-keys', payload);
/** Resizes the page's viewport (e.g. a phone: `{ width: 390, height: 844 }`). */
export const setViewport = (payload: { width: number; height: number }) => command('set-viewport', payload);
/** `prefers-color-scheme` / `prefers-reduced-motion` emulation. */
export const emulateMedia = (payload: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference' }) => command('emulate-media', payload);

/** A conversation driven step by step by the test. */
export function scripted(): { conversation: Conversation; transport: ScriptedTransport } {
  const transport = createScriptedTransport({ autoAck: true });
  return { conversation: createConversation({ transport }), transport };
}

/** A conversation running the demo flow without the typing delay. */
export function demo(locale = 'en'): Conversation {
  return createConversation({ transport: localAgent(undefined, { delayMs: 0 }), locale });
}

/** Waits until `check` returns something truthy (conversation updates are async). */
export async function until<T>(check: () => T | null | undefined | false, what = 'condition', frames = 120): Promise<T> {
  for (let i = 0; i < frames; i++) {
    const value = check();
    if (value) return value;
    await nextFrame();
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** `querySelector` through nested shadow roots: `deep(el, 'attune-message-list', 'attune-echo', '[part=confirm]')`. */
export function deep<T extends Element = HTMLElement>(root: Element, ...selectors: string[]): NoInfer<T> | null {
  let node: Element | null = root;
  for (const selector of selectors) {
    node = (node?.shadowRoot ?? node)?.querySelector(selector) ?? null;
    if (!node) return null;
  }
  return node as T;
}

/** The deepest active element, through shadow roots. */
export function activeElement(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}
