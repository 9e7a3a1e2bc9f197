// Builds one widget state for the screenshots (`?state=…&theme=…&locale=…&dir=…`), driven
// by the scripted transport so every screenshot is the same.
// `hostile=1` gives the page every inherited style a widget fears; `agent=1` names the agent
// and gives them an avatar; `locale=ar` speaks Arabic (the opt-in catalog).
import { createConversation, registerMessages } from '@attune/core';
import { createScriptedTransport } from '@attune/core/testing';
import { ar } from '@attune/core/i18n/ar';
import '../src/index.js';

const params = new URLSearchParams(location.search);
const state = params.get('state') ?? 'closed';
const locale = params.get('locale') ?? 'en';
const es = locale === 'es';
const arabic = locale === 'ar';
if (arabic) registerMessages('ar', ar);
const transport = createScriptedTransport({ autoAck: true });
const conversation = createConversation({ transport, locale });
const chat = document.createElement('attune-chat');
chat.conversation = conversation;
if (params.get('theme')) chat.setAttribute('theme', params.get('theme')!);
if (params.get('theme') === 'dark') document.body.classList.add('dark');
if (locale !== 'en') chat.setAttribute('locale', locale);
if (params.get('dir')) document.documentElement.dir = params.get('dir')!;
if (params.get('hostile')) document.body.classList.add('hostile');
const agent = params.get('agent') === '1';
if (agent) {
  chat.setAttribute('agent-name', 'Maya Chen');
  chat.setAttribute('agent-avatar', new URL('./avatar.svg', import.meta.url).href);
  chat.setAttribute('reply-time', 'within a few minutes');
}
document.body.append(chat);

const T = (en: string, esText: string, arText = en) => (es ? esText : arabic ? arText : en);
// Times a few minutes apart, so the transcript shows grouped, relative timestamps.
const start = Date.now() - 12 * 60_000;
let clock = start;
const at = (minutes = 0) => (clock += minutes * 60_000);
const say = (id: string, text: string, minutes = 0) => transport.emit({ type: 'text', id, from: 'agent', text, at: at(minutes) });
const tick = () => new Promise((r) => setTimeout(r, 30));

async function run(): Promise<void> {
  if (state === 'closed') return;
  chat.open = true;
  say('a1', T("Hi! I'm here to help. What's going on?", '¡Hola! Estoy aquí para ayudarte. ¿Qué ocurre?', 'مرحبًا! أنا هنا للمساعدة. ما الذي يحدث؟'));
  if (agent) say('a0', "I'm Maya from the Acme Store team.");
  await tick();
  const mine = conversation.send(
    T(
      'My package still has not arrived and it was due on Monday',
      'Mi paquete todavía no ha llegado y debía llegar el lunes',
      'لم يصل طردي بعد، وكان من المفترض أن يصل يوم الاثنين',
    ),
  );
  await tick();
  say('a2', T("I get why that's annoying.", 'Entiendo que es molesto.', 'أفهم أن هذا مزعج.'), 12);
  transport.emit({
    type: 'echo',
    id: 'e1',
    about: mine,
    text: T(
      "So your package still hasn't arrived, and that's really frustrating. Is that right?",
      'Déjame comprobar que te entendí: «tu paquete todavía no ha llegado». ¿Es así?',
      'دعني أتأكد أنني فهمت: «طردك لم يصل بعد». هل هذا صحيح؟',
    ),
    reflection: T("your package still hasn't arrived", 'tu paquete todavía no ha llegado', 'طردك لم يصل بعد'),
    at: at(),
    state: 'proposed',
  });
  await tick();
  if (state === 'echo') return;
  conversation.confirmEcho('e1');
  transport.emit({
    type: 'choice',
    id: 'p1',
    prompt: T('What would help most?', '¿Qué te ayudaría más?', 'ما الذي سيساعدك أكثر؟'),
    options: [
      { id: 'resend', label: T('Send a replacement', 'Enviar un reemplazo', 'إرسال بديل') },
      { id: 'refund', label: T('Refund me', 'Devolverme el dinero', 'استرداد المبلغ') },
      { id: 'human', label: T('Talk to a person', 'Hablar con una persona', 'التحدث إلى شخص') },
    ],
    at: at(),
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
