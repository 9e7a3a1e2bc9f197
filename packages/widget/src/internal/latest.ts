import type { ConversationSnapshot, Message, MessageKind } from '@attune/core';

/** A selector for the newest message of one kind (what a part shows when given only a conversation). */
export function latest<TKind extends MessageKind>(kind: TKind) {
  return (snapshot: ConversationSnapshot): Extract<Message, { kind: TKind }> | undefined => {
    const list = snapshot.messages;
    for (let i = list.length - 1; i >= 0; i--) if (list[i]?.kind === kind) return list[i] as Extract<Message, { kind: TKind }>;
    return undefined;
  };
}
