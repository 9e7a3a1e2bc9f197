// The one place the server reaches into @attune/core. It imports the protocol module
// directly because the package index does not list the validators yet; once it does,
// this becomes `export { parseClientEvent, PROTOCOL_VERSION } from '@attune/core'`.
export { AttuneError, isAttuneError } from '../../../packages/core/src/errors.js';
export { PROTOCOL_VERSION, parseClientEvent } from '../../../packages/core/src/protocol.js';
export type { ClientEvent, ServerEvent } from '../../../packages/core/src/protocol.js';
