// Server rendering, as a Next.js page would: importing the adapter and the drop-in
// component must touch no window/document, and rendering must not throw.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { useChat } from '@attune/react';
import { AttuneChat } from '@attune/react/widget';

function Page() {
  const { messages, status } = useChat({ locale: 'en' });
  return createElement(
    'main',
    null,
    createElement('p', null, `${messages.length} messages, ${status}`),
    createElement(AttuneChat, { mode: 'inline', heading: 'Support' }),
  );
}

console.log(renderToString(createElement(Page)));
