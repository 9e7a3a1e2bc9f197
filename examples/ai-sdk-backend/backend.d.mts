import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LanguageModel } from 'ai';

export function attuneSystemPrompt(attune?: { tone?: { tone: string; intensity: number; urgency: boolean }; understanding?: string; recap?: unknown }): string;
export function scriptedModel(): LanguageModel;
export function handleChat(req: IncomingMessage, res: ServerResponse, options?: { model?: LanguageModel }): Promise<void>;
