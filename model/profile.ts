/**
 * What differs between the two profiles at the core level (../shared/DESIGN.md "Two profiles").
 * Instruction semantics are shared; gas model and the guard zone are not.
 */
import type { Profile } from '../vectors/lib/types.js';

export interface CoreConfig {
  readonly profile: Profile;
  /** Accesses failing below this address panic instead of faulting (spec-notes/0027). */
  readonly guardZone: number;
  /** jar1 load/store latency tier (spec-notes/0012); unused by gp. */
  readonly memCycles: number;
}

/** memCycles tier from the manifest's memory_pages (Lean `Decode.computeMemCycles`, spec-notes/0012). */
export function memCyclesForPages(memoryPages: number): number {
  if (memoryPages <= 2048) return 25;
  if (memoryPages <= 8192) return 50;
  if (memoryPages <= 65536) return 75;
  return 100;
}

/** The core configuration of a profile. */
export function coreConfig(profile: Profile, memoryPages = 0): CoreConfig {
  return profile === 'gp'
    ? { profile, guardZone: 0x10000, memCycles: 25 }
    : { profile, guardZone: 0, memCycles: memCyclesForPages(memoryPages) };
}
