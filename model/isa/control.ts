/**
 * No-argument instructions and the host-call exits: trap, fallthrough, unlikely, ecall, ecalli.
 * Spec: GP A.5.1-A.5.2, Lean `Instructions.executeStep` opcodes 0-3 and 10; spec-notes/0014, 0025.
 */
import * as G from '../gas/classes.js';
import { wrap32 } from '../numeric.js';
import { withPc } from '../state.js';
import { cont, stop } from './common.js';
import { op, type OpRow } from './row.js';

/** The control opcodes; each ends a gas block (ecall too: spec-notes/0014, 0028). */
export const rows: readonly OpRow[] = [
  /** Exit trap, pc unchanged. */
  op(0, 'trap', 'NoArgs', { gas: G.NO_ARG, terminator: true }, (s) => {
    return stop(s, { kind: 'trap' }); // effect: exit trap; pc stays
  }),
  /** Ends a block, no effect. */
  op(1, 'fallthrough', 'NoArgs', { gas: G.NO_ARG, terminator: true }, (s, i) => {
    return cont(s, i); // next pc: no effect
  }),
  /** A block terminator with a gas hint only. */
  op(2, 'unlikely', 'NoArgs', { gas: G.UNLIKELY, terminator: true }, (s, i) => {
    return cont(s, i); // next pc: no effect
  }),
  /** Exit to the kernel's management call with pc at the next instruction; Lean costs it with the default arm (spec-notes/0013, 0014). */
  op(3, 'ecall', 'NoArgs', { gas: G.DEFAULT, terminator: true }, (s, i) => {
    return { state: withPc(s, i.next), exit: { kind: 'ecall' } }; // effect: exit to the kernel's management call; next pc
  }),
  /** Exit with the immediate as the call id, pc at the next instruction. */
  op(10, 'ecalli', 'OneImm', { gas: G.ECALLI, terminator: true }, (s, i) => {
    const id = Number(wrap32(i.ops.x)); // operands: the low 32 bits of the sign-extended immediate (spec-notes/0025)
    return { state: withPc(s, i.next), exit: { kind: 'ecalli', id } }; // effect: exit with the id; next pc
  }),
];
