import type { Transport } from '../conversation.types.js';
import type { ToneResult } from '../tone/detect-tone.js';
import type { ToneSummary } from '../types.js';

/**
 * A transport that loads the real one on first use: `createConversation` with no
 * `transport` runs the in-page agent, but only a page that needs it downloads it
 * (a bundler puts the `import()` target in its own chunk). A failed load rejects
 * `connect`, which the conversation reports as `offline` with a coded error.
 */
export function onDemandTransport(load: () => Promise<Transport>): Transport {
  let loading: Promise<Transport> | undefined;
  const get = (): Promise<Transport> => (loading ??= load());
  return {
    async connect(context) {
      const transport = await get();
      if (!context.signal.aborted) await transport.connect(context);
    },
    async send(event, options) {
      await (await get()).send(event, options);
    },
  };
}

/** The default transport: the in-page agent with the built-in demo flow, loaded on demand. */
export const inPageAgent = (): Transport => onDemandTransport(async () => (await import('../transport/local-agent.js')).localAgent());

type DetectTone = (text: string) => Pick<ToneResult, 'tone' | 'intensity' | 'urgency'>;
let detectTone: DetectTone | undefined;

/**
 * `snapshot.tone` without putting the tone model (≈5 KB gzip) into every bundle: it is
 * read synchronously once loaded, and loaded on demand at the first customer text, so a
 * server-connected page downloads it only once someone writes. `toneOf` returns `null`
 * until then and `loaded` delivers the tone of the latest text when the model arrives.
 */
export function createToneReader(loaded: (tone: ToneSummary) => void): (text: string) => ToneSummary | null {
  let latest: string | undefined;
  let loading = false;
  const read = (detect: DetectTone, text: string): ToneSummary => {
    const { tone, intensity, urgency } = detect(text);
    return { tone, intensity, urgency };
  };
  return (text) => {
    if (detectTone) return read(detectTone, text);
    latest = text;
    if (!loading) {
      loading = true;
      import('../tone/detect-tone.js').then(
        (module) => {
          detectTone = module.detectTone;
          if (latest !== undefined) loaded(read(detectTone, latest));
        },
        // Tone is a hint for the UI: without the model the snapshot keeps `tone: null`.
        () => void (loading = false),
      );
    }
    return null;
  };
}
