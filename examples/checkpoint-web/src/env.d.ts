/** Set by vite.config.ts: true in a built page, which has a service worker (`sw.js`). */
declare const __SERVICE_WORKER__: boolean;
