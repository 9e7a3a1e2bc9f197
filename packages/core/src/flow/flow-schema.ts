const str = { type: 'string', minLength: 1 } as const;
const text = { $ref: '#/$defs/text' } as const;
const next = { $ref: '#/$defs/id' } as const;

/**
 * JSON Schema (draft 2020-12) of the flow format, for editors and CI. It checks shapes;
 * `defineFlow` also checks links, reachability and cycles.
 * @example { "$schema": "https://attune.dev/schema/flow-1.json", "id": "returns", … }
 */
export const flowSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://attune.dev/schema/flow-1.json',
  title: 'Attune flow',
  type: 'object',
  required: ['id', 'start', 'steps'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: str,
    version: { const: 1 },
    start: next,
    locale: str,
    triggers: { type: 'object', additionalProperties: { type: 'array', minItems: 1, items: str } },
    steps: { type: 'object', minProperties: 1, additionalProperties: { $ref: '#/$defs/step' } },
  },
  $defs: {
    id: str,
    text: { anyOf: [str, { type: 'object', minProperties: 1, additionalProperties: str }] },
    step: {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: ['say', 'echo', 'choose', 'collect', 'handoff', 'recap', 'end'] } },
      oneOf: [
        { properties: { type: { const: 'say' }, text, next }, required: ['text', 'next'], additionalProperties: false },
        { properties: { type: { const: 'echo' }, next }, required: ['next'], additionalProperties: false },
        {
          properties: {
            type: { const: 'choose' },
            prompt: text,
            options: {
              type: 'array',
              minItems: 2,
              maxItems: 3,
              items: {
                type: 'object',
                properties: { id: str, label: text, description: text, next },
                required: ['id', 'label', 'next'],
                additionalProperties: false,
              },
            },
          },
          required: ['prompt', 'options'],
          additionalProperties: false,
        },
        {
          properties: {
            type: { const: 'collect' },
            field: { type: 'string', pattern: '^\\w+$' },
            prompt: text,
            next,
            pattern: { type: 'string', format: 'regex' },
          },
          required: ['field', 'prompt', 'next'],
          additionalProperties: false,
        },
        { properties: { type: { const: 'handoff' }, text }, additionalProperties: false },
        {
          properties: {
            type: { const: 'recap' },
            understood: text,
            done: { type: 'array', items: text },
            nextStep: { type: 'object', properties: { who: text, what: text, when: text }, required: ['who', 'what'], additionalProperties: false },
            resolved: { type: 'boolean' },
          },
          required: ['nextStep', 'resolved'],
          additionalProperties: false,
        },
        { properties: { type: { const: 'end' } }, additionalProperties: false },
      ],
    },
  },
} as const;
