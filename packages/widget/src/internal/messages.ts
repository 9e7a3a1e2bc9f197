// Widget phrases the core catalog does not have yet; merged into the widget's translator.
export const widgetMessages = {
  en: { 'ui.newMessages': 'New messages' },
  es: { 'ui.newMessages': 'Mensajes nuevos' },
};
