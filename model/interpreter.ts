/**
 * The execution core: one step, and a run to the first exit.
 * Spec: Lean `Interpreter.runBlockGasWith` (block charging at entry), `Instructions.executeStep`;
 * spec-notes/0006 (targets), 0010 (OOG), 0016 (pc past the end), 0017 (invalid opcode), 0018 (invalid entry).
 */
import type { CoreExit } from '../vectors/lib/types.js';
import { isStart, nextPc, zeta, type Program } from './decode/code.js';
import { decodeOperands } from './decode/operands.js';
import { blockCost } from './gas/index.js';
import type { Outcome } from './isa/common.js';
import { ROW_BY_BYTE } from './isa/index.js';
import type { CoreConfig } from './profile.js';
import { withBlockPaid, withGas, type CoreState } from './state.js';

/** Charges the block at pc if it is not paid yet; out of gas leaves gas 0 and the rest unchanged (spec-notes/0010). */
export function chargeBlock(cfg: CoreConfig, p: Program, s: CoreState): Outcome {
  if (s.blockPaid) return { state: s, exit: null };
  const cost = blockCost(cfg, p, s.pc);
  if (s.gas < cost) return { state: withGas(s, 0n), exit: { kind: 'oog' } };
  return { state: withBlockPaid(withGas(s, s.gas - cost), true), exit: null };
}

/** Executes the instruction at pc, its block already paid: decodes it by its row's format and runs the row's rule. */
export function execute(cfg: CoreConfig, p: Program, s: CoreState): Outcome {
  const panic: CoreExit = { kind: 'panic' };
  if (s.pc >= p.code.length) return { state: s, exit: { kind: 'trap' } }; // ζ = 0 past the end (spec-notes/0016)
  if (!isStart(p, s.pc)) return { state: s, exit: panic }; // pc inside an instruction
  const opcode = zeta(p, s.pc);
  const row = ROW_BY_BYTE[opcode];
  if (row === undefined) return { state: s, exit: panic }; // invalid opcode (spec-notes/0017)
  const instr = { pc: s.pc, opcode, next: nextPc(p, s.pc), ops: decodeOperands(p, s.pc, row.format) };
  const out = row.rule(s, instr, p, cfg);
  if (out.exit !== null) return out;
  return { state: withBlockPaid(out.state, !row.terminator), exit: null };
}

/** One step: charge the block if needed, then execute one instruction. */
export function step(cfg: CoreConfig, p: Program, s: CoreState): Outcome {
  const charged = chargeBlock(cfg, p, s);
  if (charged.exit !== null) return charged;
  return execute(cfg, p, charged.state);
}

export interface RunOutcome {
  readonly state: CoreState;
  readonly exit: CoreExit | null;
  readonly steps: number;
  /** pc of the last instruction started (the block start on an entry out-of-gas): where a retry begins. */
  readonly lastPc: number;
}

/** Runs from s until an exit, or until maxSteps instructions (exit null); a run from a fresh state starts a new block charge. */
export function run(cfg: CoreConfig, p: Program, start: CoreState, maxSteps = Infinity): RunOutcome {
  let s = start;
  let steps = 0;
  while (steps < maxSteps) {
    const lastPc = s.pc;
    const out = step(cfg, p, s);
    if (out.exit?.kind !== 'oog') steps++;
    if (out.exit !== null) return { state: out.state, exit: out.exit, steps, lastPc };
    s = out.state;
  }
  return { state: s, exit: null, steps, lastPc: s.pc };
}
