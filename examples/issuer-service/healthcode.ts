/**
 * The one seam between this example and the library. The service runs with `tsx` straight
 * from the checkout's sources, so it needs no build step and always exercises the code under
 * test. In your own backend, replace the two paths with the package: `from 'healthcode'` and
 * `from 'healthcode/qr'`.
 */
export {
  generateIssuerKey,
  issue,
  kidOf,
  signStatusList,
  signTrustList,
  StatusIndexAllocator,
  StatusList,
  STATUS_LIST_VALUES,
  type HolderPublicJwk,
  type IssuerPrivateJwk,
  type IssuerPublicJwk,
  type Status,
} from '../../src/index.js';
export { renderPng } from '../../src/qr/index.js';
