import type { AnatomyPart, closingRecapAnatomy, csatAnatomy, echoAnatomy, optionPickerAnatomy } from '@attune/core';

// Each primitive's anatomy (core's `data-part` names) mapped to the widget's `part` names,
// which are public CSS API and keep their spelling. `satisfies` makes a part core adds a
// type error here until the widget names it.
export const pickerPart = { root: 'picker', label: 'prompt', option: 'option', 'option-description': 'option-description' } as const satisfies Record<
  AnatomyPart<typeof optionPickerAnatomy>,
  string
>;
export const echoPart = {
  root: 'echo',
  text: 'echo-text',
  confirm: 'confirm',
  correct: 'correct',
  'correction-input': 'correction-input',
  'correction-submit': 'correction-submit',
} as const satisfies Record<AnatomyPart<typeof echoAnatomy>, string>;
export const recapPart = { root: 'recap', heading: 'recap-heading', section: 'recap-section' } as const satisfies Record<
  AnatomyPart<typeof closingRecapAnatomy>,
  string
>;
export const csatPart = { root: 'csat', prompt: 'csat-prompt', score: 'score', comment: 'comment', submit: 'comment-submit' } as const satisfies Record<
  AnatomyPart<typeof csatAnatomy>,
  string
>;

// The anatomy's parts plus the widget's own wrappers: each element's `exportparts` list,
// so `attune-chat::part(option)` reaches through every shadow root.
const list = (anatomy: Record<string, string>, ...own: string[]): string => [...Object.values(anatomy), ...own].join(',');
export const pickerParts = list(pickerPart, 'chosen', 'option-label');
export const echoParts = list(echoPart, 'echo-actions', 'correction', 'echo-result');
export const recapParts = list(recapPart, 'recap-status', 'recap-label', 'next-step', 'care');
export const csatParts = list(csatPart, 'scores', 'on', 'thanks');
export const handoffParts = 'handoff,handoff-icon';
export const feedbackParts = 'feedback,thumb,up,down,on,feedback-reasons,feedback-reason,feedback-other,feedback-submit,feedback-thanks';
export const composerParts = 'composer,input,send,stop,count,composer-error';
export const listParts = `log,message,customer,agent,system,bubble,sender,link,code,code-block,caret,show-more,message-status,retry,typing,empty,new-messages,${pickerParts},${echoParts},${recapParts},${csatParts},${handoffParts},${feedbackParts}`;
