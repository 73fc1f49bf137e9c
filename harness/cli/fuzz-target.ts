/** `javm fuzz --target`: the model against an external implementation (harness/target/). */
import type { FuzzFlags } from './fuzz.js';
import type { Io } from './io.js';

export async function targetFuzzCommand(_flags: FuzzFlags, _io: Io): Promise<number> {
  return 0;
}
