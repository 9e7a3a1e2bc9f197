'use client';
// `@attune/react/widget`: the ready-made <attune-chat> for React. Importing it registers
// the Attune elements (through `@attune/widget`). In Node this is safe to import and to
// render on the server (Lit's Node build provides the few globals it needs; the element
// upgrades in the browser); on other server runtimes, load it on the client only.
import * as React from 'react';
import { createComponent } from '@lit/react';
import type { EventName, ReactWebComponent } from '@lit/react';
import '@attune/widget';
import { AttuneChat as AttuneChatElement, attuneEvents } from '@attune/widget/elements';
import type { AttuneEventDetailMap } from '@attune/widget/elements';

type EventMap = typeof attuneEvents;

/** React prop → typed DOM event, derived from the widget's own event map so they cannot drift. */
export type AttuneChatEvents = { [TProp in keyof EventMap]: EventName<CustomEvent<AttuneEventDetailMap[EventMap[TProp]]>> };

/**
 * `<attune-chat>` as a React component: element properties (`conversation`, `mode`,
 * `open`, `heading`, `locale`, …) are set as properties, and every Attune DOM event is an
 * `on…` prop receiving the typed `CustomEvent` (`onSend`, `onEchoConfirm`,
 * `onEchoCorrect`, `onChoose`, `onHandoff`, `onRecap`, `onRate`, `onFeedback`, `onRetry`, `onError`,
 * `onOpenChange`). `ref` gives the element.
 *
 * @example
 * const { conversation } = useChat({ transport });
 * <AttuneChat conversation={conversation} mode="inline" onChoose={(e) => track(e.detail.optionId)} />
 */
export const AttuneChat: ReactWebComponent<AttuneChatElement, AttuneChatEvents> = createComponent({
  react: React,
  tagName: 'attune-chat',
  elementClass: AttuneChatElement,
  // Same strings at run time; the cast only attaches each event's detail type.
  events: attuneEvents as unknown as AttuneChatEvents,
  displayName: 'AttuneChat',
});

/** Props of {@link AttuneChat}. */
export type AttuneChatProps = React.ComponentProps<typeof AttuneChat>;
export type { AttuneChatElement };
