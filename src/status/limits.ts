/**
 * Limits on status lists (DESIGN.md "Status list": 50 million entries per list is the target),
 * named once and checked on every load before the work they bound.
 */

/** Bits per entry (draft-ietf-oauth-status-list §4.1 allows 1, 2, 4, 8; healthcode uses 2). */
export const STATUS_LIST_BITS = 2;
/** Entries per byte at 2 bits each. */
export const ENTRIES_PER_BYTE = 8 / STATUS_LIST_BITS;
/**
 * Most entries a list may have: twice the target of 50 million per province, so 25 MB
 * inflated. A larger list is refused (`TOO_LARGE` on load, RangeError on construction).
 */
export const STATUS_LIST_MAX_ENTRIES = 100_000_000;
/** Most bytes the inflated list may have: {@link STATUS_LIST_MAX_ENTRIES} at 2 bits each. */
export const STATUS_LIST_MAX_BYTES = STATUS_LIST_MAX_ENTRIES / ENTRIES_PER_BYTE;
/**
 * Most bytes a Status List Token may have: the largest inflated list plus 64 KiB, room for
 * DEFLATE's stored-block overhead on incompressible data (5 bytes per 65 535, RFC 1951
 * §3.2.4) and the token around it. Checked before any parsing.
 */
export const STATUS_LIST_MAX_TOKEN_BYTES = STATUS_LIST_MAX_BYTES + 65_536;
