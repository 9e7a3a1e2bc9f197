// Side-effectful entry: registers every Attune element (a second copy on the page is tolerated).
import './define/attune-chat.js';
import './define/attune-message-list.js';
import './define/attune-composer.js';
import './define/attune-echo.js';
import './define/attune-option-picker.js';
import './define/attune-recap.js';
import './define/attune-csat.js';
import './define/attune-handoff.js';

export {
  AttuneChat,
  AttuneMessageList,
  AttuneComposer,
  AttuneEcho,
  AttuneOptionPicker,
  AttuneRecap,
  AttuneCsat,
  AttuneHandoff,
  ConversationController,
  shallowEqual,
  attuneEvents,
} from './elements.js';
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
  AttuneSendDetail,
  AttuneSendEvent,
} from './elements.js';
