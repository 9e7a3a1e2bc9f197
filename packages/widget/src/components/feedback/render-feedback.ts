import { html, nothing } from 'lit';
import type { Conversation, TextMessage, Translator } from '@attune/core';
import { feedbackParts } from '../../internal/parts.js';

let loading = false;

/**
 * The thumbs under one agent or bot line, for a row template: nothing for other lines,
 * while the reply streams, or when turned off. `<attune-feedback>` is defined on first
 * use (its own chunk), so a transcript without agent lines never loads it.
 */
export function renderFeedback(m: TextMessage, host: { conversation: Conversation | undefined; tr: Translator; feedback: 'on' | 'off' }) {
  if (host.feedback === 'off' || m.from !== 'agent' || m.streaming) return nothing;
  if (!loading && !customElements.get('attune-feedback')) {
    loading = true;
    // Offline or the chunk is missing: the line simply has no thumbs (retried next time).
    import('../../define/attune-feedback.js').catch(() => void (loading = false));
  }
  return html`<attune-feedback exportparts=${feedbackParts} .message=${m} .conversation=${host.conversation} .translator=${host.tr}></attune-feedback>`;
}
