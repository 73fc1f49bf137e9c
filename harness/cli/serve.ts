/** `javm serve`: one of the kit's engines as a target process (vectors/TARGET.md). */
import type { Io } from './io.js';

export interface ServeFlags { engine: string; mutant?: string }

export async function serveCommand(_flags: ServeFlags, _io: Io): Promise<number> {
  return 0;
}
