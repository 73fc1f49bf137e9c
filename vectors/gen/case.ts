/**
 * What a case table entry is: a named input for one runner, the profiles it is generated for, the
 * edge class or result class it covers and the spec-notes it pins. The generator computes `expected`
 * with the model; `check` is an optional assertion about the case's intent, derived by hand (e.g. "a
 * taken branch ends at the target's trap"), that stops generation when a case does not test what its
 * name says.
 */
import type { Runner, VectorExpected, VectorInput } from '../lib/format.js';
import type { Profile } from '../lib/types.js';

export interface Case {
  readonly name: string;
  readonly runner: Runner;
  readonly profiles: readonly Profile[];
  readonly handler: string;
  readonly edge: string | null;
  readonly notes: readonly string[];
  readonly description: string;
  readonly input: (profile: Profile) => VectorInput;
  /** Returns null when the expected outcome shows the intent, else what is wrong. */
  readonly check?: (expected: VectorExpected, profile: Profile) => string | null;
}

export const BOTH: readonly Profile[] = ['gp', 'jar1'];
