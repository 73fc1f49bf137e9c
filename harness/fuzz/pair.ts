/**
 * Which two engines a campaign compares: `--engines a,b` by name (default model,impl). Until the impl
 * is registered, the campaign falls back to model against itself, which can still find crashes,
 * invariant violations and non-determinism, and says so.
 */
import { ENGINES, UsageError, type Engine } from '../engines.js';
import { mutantEngine } from './mutants.js';

export interface EnginePair {
  readonly engines: readonly [Engine, Engine];
  /** Set when the pair differs from what was asked. */
  readonly note: string | null;
}

/** Resolves `a,b`; a missing `impl` falls back to the model with a note, other unknown names are usage errors. */
export function enginePair(spec: string, registry: Readonly<Record<string, Engine>> = ENGINES): EnginePair {
  const names = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length !== 2) throw new UsageError(`--engines: '${spec}' must name two engines, e.g. model,impl`);
  let note: string | null = null;
  const pick = (name: string): Engine => {
    const e = registry[name];
    if (e !== undefined) return e;
    if (name === 'impl' && registry.model !== undefined) {
      note = "engine 'impl' is not registered yet: comparing model with model (finds crashes, invariant violations and non-determinism only)";
      return registry.model;
    }
    throw new UsageError(`--engines: unknown engine '${name}' (choose ${Object.keys(registry).join(', ')})`);
  };
  const pair: [Engine, Engine] = [pick(names[0] ?? ''), pick(names[1] ?? '')];
  return { engines: pair, note };
}

/** The pair for a campaign; with a mutant named, the second engine is the impl with that bug (harness/fuzz/mutants.ts). */
export function enginesFor(spec: string, mutant: string | null): EnginePair {
  const pair = enginePair(spec);
  if (mutant === null) return pair;
  return { engines: [pair.engines[0], mutantEngine(mutant)], note: pair.note };
}
