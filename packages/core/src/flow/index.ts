export { defineFlow } from './define-flow.js';
export { flowSchema } from './flow-schema.js';
export { demoFlow } from './demo-flow.js';
export { resolveText } from './flow-text.js';
export type {
  ChooseStep,
  CollectStep,
  EchoStep,
  EndStep,
  Flow,
  FlowDefinition,
  FlowOption,
  FlowOptions,
  FlowStep,
  FlowStepType,
  FlowText,
  HandoffStep,
  RecapStep,
  SayStep,
} from './flow.types.js';
