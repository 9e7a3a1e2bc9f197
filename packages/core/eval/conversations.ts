/**
 * Scripted whole conversations with the in-page agent (demo flow), written for this
 * project, with the behaviour a support lead expects at each turn. `grade.ts` runs them,
 * checks every expectation, and checks the empathy contract's rules over each whole
 * transcript (no thanks over a problem, no repeated fallback, an explicit request for a
 * person hands off at once, no silence, one recap and one CSAT per resolution, the recap
 * never quotes the customer, nothing asked twice, every echo sendable, no acknowledgment
 * without an action, no line said twice, at most one apology).
 */

/** What a turn's reply must show. Strings name a behaviour; RegExps must match some agent line. */
export type Expect =
  | 'echo'
  | 'no-echo'
  | 'ack'
  | 'no-ack'
  | 'handoff'
  | 'offer'
  | 'no-offer'
  | 'choice'
  | 'which-first'
  | 'recap'
  | 'csat'
  | 'condolence'
  | 'thanks'
  | 'no-thanks'
  | 'urgency'
  | 'reply'
  | 'silent'
  | { text: RegExp }
  | { notText: RegExp };

export type Turn =
  | { say: string; expect?: readonly Expect[] }
  | { confirm: true; expect?: readonly Expect[] }
  | { correct: string; expect?: readonly Expect[] }
  | { choose: string; picker?: 'first' | 'last'; expect?: readonly Expect[] }
  | { end: true; expect?: readonly Expect[] };

export interface Script {
  name: string;
  turns: readonly Turn[];
}

export const CONVERSATIONS: readonly Script[] = [
  {
    name: 'angry customer, late order, replacement',
    turns: [
      { say: "THIS IS RIDICULOUS. My order STILL hasn't arrived and it's been two weeks!!!", expect: ['echo', 'ack'] },
      { confirm: true, expect: ['choice', { text: /What would help most/ }] },
      { choose: 'resend', expect: ['recap', 'csat'] },
    ],
  },
  {
    name: 'anxious customer, unrecognised payment',
    turns: [
      { say: "I'm really worried, there's a payment on my card I don't recognise", expect: ['echo', 'ack', { notText: /annoying|irritating|fed up/ }] },
      { confirm: true, expect: ['no-thanks', 'handoff', { notText: /order number|reset link|double charge/ }] },
    ],
  },
  {
    name: 'confused customer asks how to change the address',
    turns: [
      { say: 'How do I change the delivery address on my order?', expect: ['no-echo', 'choice', { text: /address/ }, { notText: /replacement|Refund me/ }] },
      { choose: 'link', expect: ['recap', 'csat'] },
    ],
  },
  {
    name: 'polite question gets no acknowledgment',
    turns: [{ say: 'Hi, could you tell me how to reset my password?', expect: ['no-echo', 'no-ack', 'choice'] }],
  },
  {
    name: 'abusive customer after a fallback is offered a person',
    turns: [
      { say: 'hello', expect: ['reply'] },
      { say: 'blah', expect: ['reply'] },
      { say: 'you are all useless idiots', expect: ['offer'] },
    ],
  },
  {
    name: 'explicit request for a real person',
    turns: [
      { say: 'I want a real person now', expect: ['handoff', { notText: /Would you like to talk to a person/ }] },
      { say: 'hello??', expect: ['reply', 'no-offer'] },
      { say: 'anyone there', expect: ['reply'] },
    ],
  },
  {
    name: 'Spanish text in an English widget',
    turns: [{ say: 'todavía no me ha llegado el pedido y ya pasaron tres semanas', expect: ['echo', { text: /«todavía no me ha llegado/ }, { notText: /todavía no you/ }] }],
  },
  {
    name: 'a long rant is heard once, with one apology',
    turns: [
      {
        say: 'I have been a customer for ten years and I have never been treated like this. The washing machine arrived two weeks late, the installer did not turn up, and now it leaks all over the kitchen floor. I have called four times and nobody calls back.',
        expect: ['echo', 'ack'],
      },
      { confirm: true, expect: ['reply'] },
    ],
  },
  {
    name: 'two problems: which first',
    turns: [
      { say: "I was charged twice and my order still hasn't arrived", expect: ['echo'] },
      { confirm: true, expect: ['which-first'] },
      { choose: 'charge', expect: [{ text: /order number/ }] },
    ],
  },
  {
    name: 'sarcasm is not thanks',
    turns: [{ say: 'you lost my bags both ways. now i have no clothes. thankyou', expect: ['echo', 'no-thanks'] }],
  },
  {
    name: 'sarcastic "thanks for nothing"',
    turns: [{ say: 'thanks for nothing, my refund still has not come', expect: ['echo', 'no-thanks', 'ack'] }],
  },
  {
    name: 'real thanks get the thanks reply',
    turns: [{ say: 'Thank you so much, that fixed it!', expect: ['thanks', 'no-echo'] }],
  },
  {
    name: 'confirmed double charge routes to billing, not login',
    turns: [
      { say: 'You took the money from my account twice for order 55812', expect: ['echo'] },
      { confirm: true, expect: [{ notText: /reset link/ }, 'recap'] },
    ],
  },
  {
    name: 'an order number given once is not asked again',
    turns: [
      { say: 'I was charged twice for order 77120', expect: ['echo'] },
      { confirm: true, expect: [{ notText: /What is the order number/ }, 'recap'] },
    ],
  },
  {
    name: 'one recap and one CSAT, even when ended afterwards',
    turns: [
      { say: "My parcel hasn't arrived", expect: ['echo'] },
      { confirm: true, expect: ['choice'] },
      { choose: 'refund', expect: ['recap', 'csat'] },
      { end: true, expect: ['silent'] },
    ],
  },
  {
    name: 'bereavement gets condolence, not disappointment',
    turns: [
      { say: 'My father passed away last week and I need to cancel his subscription', expect: ['condolence', { notText: /disappointing/ }] },
    ],
  },
  {
    name: 'denial respected',
    turns: [
      { say: "I'm not angry, I just need to know when my parcel will arrive", expect: [{ notText: /really frustrating|fed up|annoying/ }] },
    ],
  },
  {
    name: 'phone number never echoed',
    turns: [{ say: 'call me on 07700 900123, my internet has been down since monday', expect: ['echo', { notText: /07700|900123/ }] }],
  },
  {
    name: 'entities and handles never leak',
    turns: [{ say: 'thanks to @QuickShip for nothing, the mug &amp; teapot arrived smashed', expect: ['echo', { notText: /&|amp|∅|QuickShip/ }, 'no-thanks'] }],
  },
  {
    name: 'a problem with no listed word is still acknowledged',
    turns: [{ say: 'all the towels in the box were soaking wet', expect: ['echo', { text: /wet/ }] }],
  },
  {
    name: 'an insult-only topic still gets its topic',
    turns: [{ say: 'your phone lines suck', expect: ['echo', { text: /get through/ }] }],
  },
  {
    name: 'two fallbacks in a row bring the offer of a person',
    turns: [
      { say: 'hello', expect: ['reply'] },
      { say: 'hmm', expect: ['reply'] },
      { say: 'what', expect: ['offer'] },
    ],
  },
  {
    name: 'exclamation marks are not a deadline',
    turns: [{ say: 'MY TABLE STILL HAS NOT COME AND IT HAS BEEN THREE WEEKS!!!', expect: ['echo', 'ack', { notText: /short on time|time-sensitive/ }] }],
  },
  {
    name: 'a deadline in passing is acknowledged',
    turns: [{ say: "I'm worried, there's a payment I don't recognise on my card and the mortgage goes out tomorrow", expect: ['echo', 'urgency'] }],
  },
  {
    name: 'urgency is acknowledged',
    turns: [{ say: 'I need my passport back by tomorrow, it still has not been returned', expect: ['echo', 'urgency'] }],
  },
  {
    name: 'a correction twice offers a person with a recap that does not quote',
    turns: [
      { say: "My order hasn't arrived", expect: ['echo'] },
      { correct: 'the box came crushed and the lamp is broken', expect: ['echo'] },
      { correct: 'no, the lamp arrived broken', expect: ['offer'] },
      { choose: 'human', picker: 'last', expect: ['handoff'] },
    ],
  },
  {
    name: 'a picker left open is closed by the recap',
    turns: [
      { say: 'hello', expect: ['choice'] },
      { say: "I can't log in to my account", expect: ['choice'] },
      { choose: 'reset', expect: ['recap'] },
      { choose: 'late', picker: 'first', expect: ['silent'] },
    ],
  },
];
