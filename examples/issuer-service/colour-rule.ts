/**
 * The colour rule of this example issuer (documented in README.md "Colour rule"): a person's
 * self-declaration in, a colour and a reason out. A real issuer's rule comes from its health
 * authority and usually also reads contact tracing and test results; this one reads only
 * the three answers of the declaration.
 */
import type { Status } from './healthcode.js';

/** The three answers the rule reads. */
export interface RiskAnswers {
  readonly hasSymptoms: boolean;
  readonly visitedHighRiskArea: boolean;
  readonly contactWithConfirmed: boolean;
}

/** The rule's verdict: the colour and why, as a short English phrase for the holder. */
export interface ColourDecision {
  readonly status: Status;
  readonly reason: string;
}

/** The reasons, one per branch of the rule, in the order the rule tests them. */
export const REASONS = Object.freeze({
  contact: 'close contact with a confirmed case',
  symptoms: 'symptoms declared',
  highRiskArea: 'visited a high-risk area',
  none: 'no risk declared',
} as const);

/**
 * Applies the rule: contact with a confirmed case → red; symptoms → red; a high-risk area
 * → yellow; otherwise green. The first matching branch gives the reason.
 *
 * @example
 * ```ts
 * colourOf({ hasSymptoms: false, visitedHighRiskArea: true, contactWithConfirmed: false });
 * // → { status: 'yellow', reason: 'visited a high-risk area' }
 * ```
 */
export function colourOf(answers: RiskAnswers): ColourDecision {
  if (answers.contactWithConfirmed) return Object.freeze({ status: 'red', reason: REASONS.contact });
  if (answers.hasSymptoms) return Object.freeze({ status: 'red', reason: REASONS.symptoms });
  if (answers.visitedHighRiskArea) return Object.freeze({ status: 'yellow', reason: REASONS.highRiskArea });
  return Object.freeze({ status: 'green', reason: REASONS.none });
}

/** How serious a colour is, for comparing two. */
const SEVERITY: Readonly<Record<Status, number>> = { green: 0, yellow: 1, red: 2 };

/**
 * The colour of a new code when the health authority has set one (`POST /people/:id/status`):
 * a declaration can raise it, never lower it. A person made red by contact tracing stays red
 * however they answer; only the authority lowers it again. Ties keep the authority's reason.
 *
 * @example
 * ```ts
 * withAuthority({ status: 'green', reason: 'no risk declared' }, { status: 'red', reason: 'close contact' });
 * // → { status: 'red', reason: 'close contact' }
 * ```
 */
export function withAuthority(declared: ColourDecision, authority: ColourDecision | undefined): ColourDecision {
  if (!authority || SEVERITY[declared.status] > SEVERITY[authority.status]) return declared;
  return Object.freeze({ status: authority.status, reason: authority.reason });
}
