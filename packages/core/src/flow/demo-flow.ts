import { HANDOFF_OPTION_ID } from '../rules.js';
import type { Flow, FlowOption } from './flow.types.js';

const we = { en: 'We', es: 'Nosotros' };
const human: FlowOption = { id: HANDOFF_OPTION_ID, label: { en: 'Talk to a person', es: 'Hablar con una persona' }, next: 'human' };

/**
 * The built-in demo: a greeting, an echo of the customer's problem, then the topic their
 * words match (a late order, a double charge, a login problem) or a choice between the
 * three, each closing with a recap that names a real next step, with a way to a person.
 * English and Spanish.
 */
export const demoFlow: Flow = {
  id: 'attune-demo',
  version: 1,
  start: 'hello',
  triggers: {
    late: ['late', 'arriv', 'deliver', 'package', 'parcel', 'shipping', 'tracking', 'retras', 'llega', 'paquete', 'envío', 'entrega'],
    charge: ['charge', 'twice', 'double', 'billing', 'payment', 'cobr', 'dos veces', 'cargo', 'pago', 'factura'],
    login: ['log in', 'login', 'sign in', 'password', 'locked out', 'get into your account', 'contraseña', 'cuenta', 'sesión', 'acceder', 'entrar'],
    // A payment the customer does not recognise is not a double charge: a person from the
    // fraud team takes it at once ("recognise" outweighs "payment").
    human: ['recognise', 'recognize', 'unauthori', 'fraudulent', 'hacked', 'no reconozco'],
    // Longer keys win over shorter ones, so "delivery address" is not a late delivery.
    address: [
      'change the address',
      'change my address',
      'address changed',
      'delivery address',
      'shipping address',
      'wrong address',
      'cambiar la dirección',
      'dirección de entrega',
    ],
  },
  steps: {
    hello: { type: 'say', text: { en: "Hi! I'm here to help. What's going on?", es: '¡Hola! Estoy aquí para ayudarte. ¿Qué ocurre?' }, next: 'listen' },
    listen: { type: 'echo', next: 'topic' },
    topic: {
      type: 'choose',
      prompt: { en: 'Which of these is closest?', es: '¿Cuál se parece más?' },
      options: [
        { id: 'late', label: { en: 'My order is late', es: 'Mi pedido no llega' }, next: 'late' },
        { id: 'charge', label: { en: 'I was charged twice', es: 'Me cobraron dos veces' }, next: 'charge' },
        { id: 'login', label: { en: "I can't log in", es: 'No puedo entrar' }, next: 'login' },
      ],
    },
    late: {
      type: 'choose',
      prompt: { en: 'What would help most?', es: '¿Qué te ayudaría más?' },
      options: [
        { id: 'resend', label: { en: 'Send a replacement', es: 'Enviar un reemplazo' }, next: 'resent' },
        { id: 'refund', label: { en: 'Refund me', es: 'Devolverme el dinero' }, next: 'refunded' },
        human,
      ],
    },
    resent: {
      type: 'recap',
      done: [{ en: 'Arranged a replacement for your order', es: 'Preparamos un reemplazo de tu pedido' }],
      nextStep: { who: we, what: { en: 'ship a replacement', es: 'enviamos un reemplazo' }, when: { en: 'within 2 business days', es: 'en 2 días hábiles' } },
      resolved: true,
    },
    refunded: {
      type: 'recap',
      done: [{ en: 'Started a full refund for your order', es: 'Iniciamos el reembolso completo de tu pedido' }],
      nextStep: { who: we, what: { en: 'refund your order', es: 'te devolvemos el dinero' }, when: { en: 'within 5 days', es: 'en 5 días' } },
      resolved: false,
    },
    charge: {
      type: 'collect',
      field: 'order',
      prompt: { en: 'What is the order number?', es: '¿Cuál es el número de pedido?' },
      pattern: '\\d{3,}',
      next: 'charged',
    },
    charged: {
      type: 'recap',
      done: [{ en: 'Found the double charge on order {order}', es: 'Encontramos el cobro doble del pedido {order}' }],
      nextStep: { who: we, what: { en: 'refund the extra charge', es: 'reembolsamos el cobro extra' }, when: { en: 'within 3 days', es: 'en 3 días' } },
      resolved: true,
    },
    login: {
      type: 'choose',
      prompt: { en: 'Shall I send a reset link?', es: '¿Te envío un enlace para restablecerla?' },
      options: [{ id: 'reset', label: { en: 'Yes, send it', es: 'Sí, envíalo' }, next: 'reset' }, human],
    },
    reset: {
      type: 'recap',
      done: [{ en: 'Sent a password reset link', es: 'Enviamos un enlace para restablecer la contraseña' }],
      nextStep: {
        who: { en: 'You', es: 'Tú' },
        what: { en: 'open the link in your email', es: 'abres el enlace de tu correo' },
        when: { en: 'within 1 hour', es: 'en 1 hora' },
      },
      resolved: true,
    },
    address: {
      type: 'choose',
      prompt: {
        en: 'The address can be changed until the order ships. Shall I send you a secure link to change it?',
        es: 'La dirección se puede cambiar hasta que el pedido salga. ¿Te envío un enlace seguro para cambiarla?',
      },
      options: [{ id: 'link', label: { en: 'Yes, send the link', es: 'Sí, envíalo' }, next: 'addressLink' }, human],
    },
    addressLink: {
      type: 'recap',
      done: [{ en: 'Sent a secure link to change the delivery address', es: 'Enviamos un enlace seguro para cambiar la dirección de entrega' }],
      nextStep: {
        who: { en: 'You', es: 'Tú' },
        what: { en: 'open the link in your email and enter the new address', es: 'abres el enlace de tu correo e indicas la nueva dirección' },
        when: { en: 'before the order ships', es: 'antes de que salga el pedido' },
      },
      resolved: true,
    },
    human: { type: 'handoff' },
  },
};
