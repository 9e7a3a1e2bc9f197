export { createEmpathyPolicy, isHumanRequest } from './empathy-policy.js';
export type { Acknowledgment, EmpathyPolicy, EmpathyPolicyOptions, HandoffOffer, ToneReading, TurnPart } from './empathy-policy.js';
