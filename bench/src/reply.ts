/**
 * The streamed reply of the streaming benchmark: a deterministic support answer in the
 * markdown an AI agent writes (paragraphs, bold, inline code, a list, a fenced code block),
 * cut into LLM-sized tokens (a word with its leading space, long words in pieces of at most
 * six characters, markdown markers as their own tokens). Every subject streams the same
 * tokens, and the reply always ends with `REPLY_END`, the plain sentence the pages wait for.
 */
import { seededRandom } from '@attune/core/testing';

export const REPLY_END = 'Is there anything else I can help you with today?';

const SECTIONS: readonly ((pick: <T>(pool: readonly T[]) => T) => string)[] = [
  (pick) =>
    `I am sorry about the ${pick(['delay', 'trouble', 'confusion', 'double charge'])} with your ${pick(['order', 'subscription', 'account', 'delivery'])}. I checked the record and **here is what happened**: the ${pick(['courier', 'payment provider', 'warehouse', 'billing system'])} reported a problem on ${pick(['Monday', 'Tuesday', 'Thursday'])}, and the update did not reach your account page.\n\n`,
  (pick) =>
    `To fix it, please follow these steps:\n\n1. Open **Settings** and choose *${pick(['Orders', 'Billing', 'Security', 'Addresses'])}*.\n2. Select the ${pick(['order', 'invoice', 'device', 'address'])} marked \`${pick(['pending', 'on hold', 'unverified', 'failed'])}\`.\n3. Press **Retry** and wait for the confirmation email.\n\n`,
  (pick) =>
    `A few things worth knowing:\n\n- Refunds usually take **three to five business days** to show on your statement.\n- The tracking number \`${pick(['1Z999AA10123456784', 'JD014600006281', 'LX123456789DE'])}\` stays valid for thirty days.\n- You can always reply to this message and *the same agent* will pick it up.\n\n`,
  (pick) =>
    `If you use our API, the request that retries the ${pick(['payment', 'shipment', 'export'])} looks like this:\n\n\`\`\`js\nconst response = await fetch('/api/v2/${pick(['payments', 'shipments', 'exports'])}/retry', {\n  method: 'POST',\n  headers: { 'content-type': 'application/json' },\n  body: JSON.stringify({ id: '${pick(['ord_42', 'inv_77', 'exp_13'])}', reason: 'customer-request' }),\n});\nif (!response.ok) throw new Error(\`retry failed: \${response.status}\`);\n\`\`\`\n\n`,
  (pick) =>
    `> ${pick(['Your case has been escalated to the billing team.', 'A replacement has been reserved for you.', 'The duplicate charge has been reversed.'])}\n\nI understand how ${pick(['annoying', 'frustrating', 'worrying'])} this must be, and I have added a note to your account so that **nobody asks you to explain it again**. Thank you for your patience while I looked into it.\n\n`,
];

/** Splits text into tokens the way a model's stream roughly arrives. */
export function tokenize(text: string): string[] {
  return text.match(/\*\*|```|\n+|[ \t]*[^\s*`]{1,6}|[ \t]*[*`]|[ \t]+/g) ?? [];
}

/** Exactly `count` tokens (at least the closing sentence's), the same for every run. */
export function replyTokens(count: number, seed = 2026): string[] {
  const random = seededRandom(seed);
  const pick = <T>(pool: readonly T[]): T => pool[Math.floor(random() * pool.length)]!;
  const closing = tokenize(REPLY_END);
  const budget = count - closing.length;
  const out: string[] = [];
  for (let i = 0; out.length < budget; i++) {
    const section = tokenize(SECTIONS[i % SECTIONS.length]!(pick));
    if (out.length + section.length <= budget) out.push(...section);
    else {
      // Fill the rest with a plain paragraph, so no block is left open before the closing line.
      const filler = tokenize(`${'Thank you again for your patience. '.repeat(Math.ceil((budget - out.length) / 4))}`);
      out.push(...filler.slice(0, Math.max(0, budget - out.length - 1)), '\n\n');
    }
  }
  return [...out.slice(0, budget), ...closing];
}
