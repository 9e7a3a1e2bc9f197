// src/bus/types.ts — wake-ups and transient events between server processes
export type BusMessage =
  | { type: 'appended'; conversationId: string; seq: number } // listeners re-read rows
  | { type: 'delta'; conversationId: string; id: string; offset: number; text: string } // streaming, transient
  | { type: 'typing'; conversationId: string; on: boolean }
  | { type: 'stop'; conversationId: string; id: string }; // a client asked to stop a stream

export interface Bus {
  publish(message: BusMessage): Promise<void>;
  /** Handler for one conversation; returns unsubscribe. */
  subscribe(conversationId: string, handler: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}
