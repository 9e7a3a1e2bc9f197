// Builds one widget state for the screenshots (`?state=…&theme=…&locale=…&dir=…`), driven
// by the scripted transport so every screenshot is the same.
import { createConversation } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import '../src/index.js';

const params = new URLSearchParams(location.search);
const state = params.get('state') ?? 'closed';
const es = params.get('locale') === 'es';
const transport = createScriptedTransport({ autoAck: true });
const conversation = createConversation({ transport, locale: es ? 'es' : 'en' });
const chat = document.createElement('attune-chat');
chat.conversation = conversation;
if (params.get('theme')) chat.setAttribute('theme', params.get('theme')!);
if (params.get('theme') === 'dark') document.body.classList.add('dark');
if (es) chat.setAttribute('locale', 'es');
if (params.get('dir')) document.documentElement.dir = params.get('dir')!;
document.body.append(chat);

const T = (en: string, esText: string) => (es ? esText : en);
const say = (id: string, text: string) => transport.emit({ type: 'text', id, from: 'agent', text, at: 0 });
const tick = () => new Promise((r) => setTimeout(r, 30));

async function run(): Promise<void> {
  if (state === 'closed') return;
  chat.open = true;
  say('a1', T("Hi! I'm here to help. What's going on?", '¡Hola! Estoy aquí para ayudarte. ¿Qué ocurre?'));
  await tick();
  const mine = conversation.send(T('My package still has not arrived and it was due on Monday', 'Mi paquete todavía no ha llegado y debía llegar el lunes'));
  await tick();
  say('a2', T("I get why that's annoying.", 'Entiendo que es molesto.'));
  transport.emit({
    type: 'echo',
    id: 'e1',
    about: mine,
    text: T("So your package still hasn't arrived, and that's really frustrating. Is that right?", 'Déjame comprobar que te entendí: «tu paquete todavía no ha llegado». ¿Es así?'),
    reflection: T("your package still hasn't arrived", 'tu paquete todavía no ha llegado'),
    state: 'proposed',
  });
  await tick();
  if (state === 'echo') return;
  conversation.confirmEcho('e1');
  transport.emit({
    type: 'choice',
    id: 'p1',
    prompt: T('What would help most?', '¿Qué te ayudaría más?'),
    options: [
      { id: 'resend', label: T('Send a replacement', 'Enviar un reemplazo') },
      { id: 'refund', label: T('Refund me', 'Devolverme el dinero') },
      { id: 'human', label: T('Talk to a person', 'Hablar con una persona') },
    ],
  });
  await tick();
  if (state === 'picker') return;
  conversation.choose('p1', 'resend');
  transport.emit({
    type: 'recap',
    id: 'r1',
    understood: T("Your package still hasn't arrived", 'Tu paquete todavía no ha llegado'),
    done: [T('You chose Send a replacement', 'Elegiste Enviar un reemplazo')],
    nextStep: { who: T('We', 'Nosotros'), what: T('ship a replacement', 'enviamos un reemplazo'), when: T('within 2 business days', 'en 2 días hábiles') },
    resolved: true,
    care: T('Thanks for sticking with us on this.', 'Gracias por tu paciencia.'),
  });
  transport.emit({ type: 'csat', id: 's1', prompt: T('How did we do?', '¿Qué tal lo hicimos?'), scale: 5 });
  await tick();
  if (state === 'rated') conversation.rate(4);
  const list = chat.shadowRoot?.querySelector('attune-message-list');
  await tick();
  list?.scrollToEnd();
}

void run().then(() => document.body.setAttribute('data-ready', ''));
