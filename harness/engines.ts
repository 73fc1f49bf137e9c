/**
 * The engines the CLI and the harness can drive, by name: each is a core (ISA, gas, blobs) and a
 * capability kernel behind the shared contract. The model is the reference.
 */
import { modelCore } from '../model/index.js';
import { modelKernel } from '../model/kernel/index.js';
import { implCore } from '../impl/index.js';
import { implKernel } from '../impl/kernel/index.js';
import type { Engine } from '../vectors/lib/engine.js';

export type { Engine } from '../vectors/lib/engine.js';

export const ENGINES: Readonly<Record<string, Engine>> = {
  model: { name: 'model', core: modelCore, kernel: modelKernel },
  impl: { name: 'impl', core: implCore, kernel: implKernel },
};

/** The engine of a name, or an error naming the choices. */
export function engineByName(name: string): Engine {
  const e = ENGINES[name];
  if (e === undefined) throw new UsageError(`unknown engine '${name}' (choose ${Object.keys(ENGINES).join(', ')})`);
  return e;
}

/** Bad input from the command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
