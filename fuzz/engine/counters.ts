/**
 * Allocates the coverage counters before any instrumented module is evaluated (the worker
 * bundle imports this file first; ES modules evaluate their imports in order).
 */
import { COUNTER_CAPACITY, COUNTERS_GLOBAL } from './protocol.js';

(globalThis as Record<string, unknown>)[COUNTERS_GLOBAL] = new Uint8Array(COUNTER_CAPACITY);
