'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { connectOptionPicker } from '@attune/core';
import type { ChoiceMessage, Conversation, KeyEventLike, OptionPickerApi } from '@attune/core';
import { useResolvedConversation } from './conversation-context.js';

/** Options of {@link useOptionPicker}. */
export interface UseOptionPickerOptions {
  /** Prefix of the DOM ids (default: unique per hook call, from `useId`). */
  idPrefix?: string;
  /** Layout direction: in `rtl`, ArrowLeft moves to the next option. */
  dir?: 'ltr' | 'rtl';
  /** Accessible name of the group when the prompt is not rendered with `getLabelProps()`. */
  label?: string;
}

/** A choice message, or a picker from `optionPicker()`. */
export type PickerLike = Pick<ChoiceMessage, 'id' | 'prompt' | 'options' | 'chosen'>;

/**
 * State, actions and prop getters of an option picker (the WAI-ARIA radio-group pattern):
 * spread `getRootProps()` on the group and `getOptionProps(option)` on each `<button>`.
 * Arrow keys, Home and End move focus between the options (roving `tabIndex`), Enter and
 * Space choose. Choosing calls `conversation.choose` on the given conversation or the
 * {@link ConversationProvider}'s.
 *
 * @example
 * function Picker({ choice }: { choice: ChoiceMessage }) {
 *   const picker = useOptionPicker(choice);
 *   return (
 *     <div {...picker.getRootProps()}>
 *       <p {...picker.getLabelProps()}>{choice.prompt}</p>
 *       {choice.options.map((o) => <button key={o.id} {...picker.getOptionProps(o)}>{o.label}</button>)}
 *     </div>
 *   );
 * }
 */
export function useOptionPicker(picker: PickerLike, conversation?: Conversation, options: UseOptionPickerOptions = {}): OptionPickerApi {
  const resolved = useResolvedConversation(conversation, 'useOptionPicker');
  const id = useId();
  const [highlightedId, setHighlightedId] = useState<string | undefined>(undefined);
  // Where the last arrow key was pressed (the document or a shadow root): the option to
  // focus lives there. Set only by the keyboard, so a click never moves focus around.
  const scope = useRef<Document | ShadowRoot | null>(null);
  const api = connectOptionPicker(picker, {
    ...options,
    idPrefix: options.idPrefix ?? `${id}-`,
    highlightedId,
    onChoose: (optionId) => resolved.choose(picker.id, optionId),
    onHighlight: setHighlightedId,
  });
  const option = picker.options.find((o) => o.id === api.highlightedId);
  const focusId = option && api.getOptionProps(option).id;
  useEffect(() => {
    const root = scope.current;
    scope.current = null;
    if (root && focusId) root.getElementById(focusId)?.focus();
  }, [focusId]);
  return {
    ...api,
    getOptionProps: (o) => {
      const props = api.getOptionProps(o);
      return {
        ...props,
        onKeyDown: (event: KeyEventLike) => {
          const target = (event as { currentTarget?: { getRootNode?: () => Node } }).currentTarget;
          scope.current = (target?.getRootNode?.() as Document | ShadowRoot | undefined) ?? null;
          props.onKeyDown(event);
        },
      };
    },
  };
}
