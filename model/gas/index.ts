/**
 * Block cost by profile, memoised per program (the cache is invisible: same inputs, same cost).
 * Spec: Lean `GasCostSinglePass.gasCostForBlockSinglePass` via `Interpreter.runBlockGasSinglePass`
 * (jar1), spec-notes/0026 (gp).
 */
import type { Program } from '../decode/code.js';
import type { CoreConfig } from '../profile.js';
import { gpBlockCost } from './gp.js';
import { singlePassBlockCost } from './single-pass.js';

const cache = new WeakMap<Program, Map<string, bigint>>();

/** Gas charged on entering a block at pc. */
export function blockCost(cfg: CoreConfig, p: Program, pc: number): bigint {
  let perProgram = cache.get(p);
  if (perProgram === undefined) {
    perProgram = new Map();
    cache.set(p, perProgram);
  }
  const key = `${cfg.profile}:${cfg.memCycles}:${pc}`;
  const hit = perProgram.get(key);
  if (hit !== undefined) return hit;
  const cost = cfg.profile === 'gp' ? gpBlockCost(p, pc) : singlePassBlockCost(p, pc, cfg.memCycles);
  perProgram.set(key, cost);
  return cost;
}
