import { AttuneEcho } from '../components/echo/echo.component.js';
import { define } from '../internal/define.js';

define('attune-echo', AttuneEcho);

declare global {
  interface HTMLElementTagNameMap {
    'attune-echo': AttuneEcho;
  }
}
