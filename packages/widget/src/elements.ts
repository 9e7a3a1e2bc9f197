// Side-effect-free entry: the element classes and event types, for registering under your own names.
export { AttuneChat } from './components/chat/chat.component.js';
export { AttuneMessageList } from './components/message-list/message-list.component.js';
export { AttuneComposer } from './components/composer/composer.component.js';
export { AttuneEcho } from './components/echo/echo.component.js';
export { AttuneOptionPicker } from './components/option-picker/option-picker.component.js';
export { AttuneRecap } from './components/recap/recap.component.js';
export { AttuneCsat } from './components/csat/csat.component.js';
export { AttuneHandoff } from './components/handoff/handoff.component.js';
export { ConversationController } from './controllers/conversation-controller.js';
export { shallowEqual } from '@attune/core';
export { attuneEvents } from './events.js';
export type {
  AttuneChooseDetail,
  AttuneChooseEvent,
  AttuneEchoConfirmDetail,
  AttuneEchoConfirmEvent,
  AttuneEchoCorrectDetail,
  AttuneEchoCorrectEvent,
  AttuneErrorDetail,
  AttuneErrorEvent,
  AttuneEvent,
  AttuneEventDetailMap,
  AttuneEventName,
  AttuneEventProps,
  AttuneFeedbackDetail,
  AttuneFeedbackEvent,
  AttuneHandoffDetail,
  AttuneHandoffEvent,
  AttuneOpenChangeDetail,
  AttuneOpenChangeEvent,
  AttuneRateDetail,
  AttuneRateEvent,
  AttuneRecapDetail,
  AttuneRecapEvent,
  AttuneRetryDetail,
  AttuneRetryEvent,
  AttuneStopDetail,
  AttuneStopEvent,
  AttuneSendDetail,
  AttuneSendEvent,
  AttuneUnreadDetail,
  AttuneUnreadEvent,
} from './events.js';
