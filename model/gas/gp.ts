/**
 * gp gas: one unit per instruction, charged for a whole basic block at its entry (spec-notes/0026).
 * Running off the end of the code counts as one more (trap) instruction, as the w3f vectors show.
 */
import { isStart, nextPc, zeta, type Program } from '../decode/code.js';
import { isTerminator } from '../decode/opcodes.js';

/** Instructions from pc up to and including the block's terminator (or the implicit trap past the end). */
export function gpBlockCost(p: Program, start: number): bigint {
  let n = 0n;
  let pc = start;
  for (;;) {
    n += 1n;
    if (pc >= p.code.length || isTerminator(zeta(p, pc))) return n;
    if (!isStart(p, pc)) return n; // execution panics here: the block ends
    pc = nextPc(p, pc);
  }
}
