export { connectEcho } from './echo.connect.js';
export type { EchoApi, EchoContext } from './echo.connect.js';
