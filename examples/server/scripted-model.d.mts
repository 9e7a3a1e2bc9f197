/** What the scripted model says to one request body (see scripted-model.mjs). */
export function scriptedReply(body: { messages?: { role: string; content: string }[] }): {
  text: string;
  tools?: { name: string; arguments: unknown }[];
  status?: number;
  stall?: boolean;
};
/** A `fetch` answering like an OpenAI-compatible chat-completions endpoint, from the script. */
export function scriptedModel(options?: { delayMs?: number }): typeof fetch;
