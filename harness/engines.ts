/**
 * The engines the CLI and the harness can drive, by name. The model is the reference; the
 * optimized interpreter registers here once it exists.
 */
import { modelCore } from '../model/index.js';
import type { CoreEngine } from '../vectors/lib/engine.js';

export const ENGINES: Readonly<Record<string, CoreEngine>> = { model: modelCore };

/** The engine of a name, or an error naming the choices. */
export function engineByName(name: string): CoreEngine {
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
