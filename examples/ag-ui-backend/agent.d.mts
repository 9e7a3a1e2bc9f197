import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BaseEvent, Context, RunAgentInput } from '@ag-ui/core';

export function attuneSystemPrompt(context?: Context[]): string;
export function scriptedRun(input: RunAgentInput): BaseEvent[];
export function handleRun(req: IncomingMessage, res: ServerResponse, options?: { run?: (input: RunAgentInput) => BaseEvent[] }): Promise<void>;
