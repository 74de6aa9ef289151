/** Resource limits on the verify path, named once (DESIGN.md rules 1 and 4). */

/** Longest text `verify` reads, in characters (DESIGN.md rule 1). */
export const MAX_TEXT_LENGTH = 4096;
