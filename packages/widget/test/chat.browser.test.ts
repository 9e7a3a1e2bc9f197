import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { AttuneChat } from '../src/index.js';

describe('<attune-chat> (harness)', () => {
  it('renders its heading in shadow DOM and passes axe', async () => {
    const el = await fixture<AttuneChat>(html`<attune-chat heading="Help"></attune-chat>`);
    expect(el.shadowRoot?.querySelector('h2')?.textContent).to.equal('Help');
    await expect(el).to.be.accessible();
  });
});
