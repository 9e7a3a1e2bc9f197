import type { AttuneError, HandoffReason, HandoffState, RecapMessage } from '@attune/core';

/** `attune-send`: the customer sends a message. Cancelable: `preventDefault()` stops the send. */
export interface AttuneSendDetail {
  text: string;
  /**
   * Id of the new message. Filled in right after the listeners ran (the id only exists
   * once the conversation accepted the text), so read it after `await`ing, not synchronously.
   * Stays `undefined` when the send was cancelled or there is no conversation.
   */
  id?: string;
}
/** `attune-echo-confirm`: "Yes, that's right". Cancelable. */
export interface AttuneEchoConfirmDetail {
  echoId: string;
}
/** `attune-echo-correct`: "Not quite", with the customer's correction when they typed one. Cancelable. */
export interface AttuneEchoCorrectDetail {
  echoId: string;
  text?: string;
}
/** `attune-choose`: an option of a picker was chosen. Cancelable. */
export interface AttuneChooseDetail {
  pickerId: string;
  optionId: string;
  label: string;
}
/** `attune-handoff`: a person was offered, asked for, or the handoff moved on (`waiting`, `connected`…). */
export interface AttuneHandoffDetail {
  state: HandoffState | 'taken';
  reason?: HandoffReason;
}
/** `attune-recap`: a closing recap was shown. */
export interface AttuneRecapDetail {
  recap: RecapMessage;
}
/** `attune-rate`: a CSAT score (one tap), then again with the optional comment. Cancelable. */
export interface AttuneRateDetail {
  score: number;
  comment?: string;
}
/** `attune-feedback`: thumbs up / down on an agent or bot line, with the optional reason; `value: null` cleared it. Cancelable. */
export interface AttuneFeedbackDetail {
  messageId: string;
  value: 'up' | 'down' | null;
  reason?: string;
}
/** `attune-retry`: the customer retries a message that was not sent. Cancelable. */
export interface AttuneRetryDetail {
  id: string;
}
/** `attune-stop`: the customer stops the reply that is streaming in. Cancelable. */
export type AttuneStopDetail = Record<string, never>;
/** `attune-error`: something failed (invalid flow, rejected input, lost connection…). */
export interface AttuneErrorDetail {
  error: AttuneError;
}
/** `attune-open-change`: the launcher panel opened or closed. */
export interface AttuneOpenChangeDetail {
  open: boolean;
}
/** `attune-unread`: the number of agent messages that arrived while the panel was closed changed (0 once it opens). */
export interface AttuneUnreadDetail {
  count: number;
}

/** Every Attune DOM event name and its `detail`. */
export interface AttuneEventDetailMap {
  'attune-send': AttuneSendDetail;
  'attune-echo-confirm': AttuneEchoConfirmDetail;
  'attune-echo-correct': AttuneEchoCorrectDetail;
  'attune-choose': AttuneChooseDetail;
  'attune-handoff': AttuneHandoffDetail;
  'attune-recap': AttuneRecapDetail;
  'attune-rate': AttuneRateDetail;
  'attune-feedback': AttuneFeedbackDetail;
  'attune-retry': AttuneRetryDetail;
  'attune-stop': AttuneStopDetail;
  'attune-error': AttuneErrorDetail;
  'attune-open-change': AttuneOpenChangeDetail;
  'attune-unread': AttuneUnreadDetail;
}

export type AttuneEventName = keyof AttuneEventDetailMap;
export type AttuneEvent<TName extends AttuneEventName = AttuneEventName> = CustomEvent<AttuneEventDetailMap[TName]>;
export type AttuneSendEvent = AttuneEvent<'attune-send'>;
export type AttuneEchoConfirmEvent = AttuneEvent<'attune-echo-confirm'>;
export type AttuneEchoCorrectEvent = AttuneEvent<'attune-echo-correct'>;
export type AttuneChooseEvent = AttuneEvent<'attune-choose'>;
export type AttuneHandoffEvent = AttuneEvent<'attune-handoff'>;
export type AttuneRecapEvent = AttuneEvent<'attune-recap'>;
export type AttuneRateEvent = AttuneEvent<'attune-rate'>;
export type AttuneFeedbackEvent = AttuneEvent<'attune-feedback'>;
export type AttuneRetryEvent = AttuneEvent<'attune-retry'>;
export type AttuneStopEvent = AttuneEvent<'attune-stop'>;
export type AttuneErrorEvent = AttuneEvent<'attune-error'>;
export type AttuneOpenChangeEvent = AttuneEvent<'attune-open-change'>;
export type AttuneUnreadEvent = AttuneEvent<'attune-unread'>;

/**
 * React prop name → DOM event name, for wrappers such as `@lit/react`'s `createComponent`.
 * @example createComponent({ react: React, tagName: 'attune-chat', elementClass: AttuneChat, events: attuneEvents })
 */
export const attuneEvents = {
  onSend: 'attune-send',
  onEchoConfirm: 'attune-echo-confirm',
  onEchoCorrect: 'attune-echo-correct',
  onChoose: 'attune-choose',
  onHandoff: 'attune-handoff',
  onRecap: 'attune-recap',
  onRate: 'attune-rate',
  onFeedback: 'attune-feedback',
  onRetry: 'attune-retry',
  onStop: 'attune-stop',
  onError: 'attune-error',
  onOpenChange: 'attune-open-change',
  onUnread: 'attune-unread',
} as const;

/** React prop name → the event it receives, e.g. `onChoose: CustomEvent<AttuneChooseDetail>`. */
export type AttuneEventProps = { [TProp in keyof typeof attuneEvents]: AttuneEvent<(typeof attuneEvents)[TProp]> };

declare global {
  interface GlobalEventHandlersEventMap {
    'attune-send': AttuneSendEvent;
    'attune-echo-confirm': AttuneEchoConfirmEvent;
    'attune-echo-correct': AttuneEchoCorrectEvent;
    'attune-choose': AttuneChooseEvent;
    'attune-handoff': AttuneHandoffEvent;
    'attune-recap': AttuneRecapEvent;
    'attune-rate': AttuneRateEvent;
    'attune-feedback': AttuneFeedbackEvent;
    'attune-retry': AttuneRetryEvent;
    'attune-stop': AttuneStopEvent;
    'attune-error': AttuneErrorEvent;
    'attune-open-change': AttuneOpenChangeEvent;
    'attune-unread': AttuneUnreadEvent;
  }
}
