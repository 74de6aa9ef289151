/** The route table. A new route is a new module here, added to this list. */
import type { Route } from '../router.js';
import { codesRoute } from './codes.js';
import { personStatusRoute } from './person-status.js';
import { rootJwkRoute } from './root-jwk.js';
import { statusListRoute } from './status-list.js';
import { trustListRoute } from './trust-list.js';

export const ROUTES: readonly Route[] = Object.freeze([codesRoute, personStatusRoute, statusListRoute, trustListRoute, rootJwkRoute]);
