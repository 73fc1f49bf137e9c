/**
 * No-argument instructions and the host-call exits: trap, fallthrough, unlikely, ecall, ecalli.
 * Spec: GP A.5.1-A.5.2, Lean `Instructions.executeStep` opcodes 0-3 and 10; spec-notes/0014, 0025.
 */
import { wrap32 } from '../numeric.js';
import { withPc } from '../state.js';
import { cont, stop, type Handler } from './common.js';

/** trap (0): exit trap, pc unchanged. */
export const trap: Handler = (s) => stop(s, { kind: 'trap' });

/** fallthrough (1): ends a block, no effect. */
export const fallthrough: Handler = (s, i) => cont(s, i);

/** unlikely (2): a block terminator with a gas hint only. */
export const unlikely: Handler = (s, i) => cont(s, i);

/** ecall (3): exit to the kernel's management call, pc at the next instruction. */
export const ecall: Handler = (s, i) => ({ state: withPc(s, i.next), exit: { kind: 'ecall' } });

/** ecalli (10): exit with the low 32 bits of the sign-extended immediate (spec-notes/0025), pc at next. */
export const ecalli: Handler = (s, i) => ({ state: withPc(s, i.next), exit: { kind: 'ecalli', id: Number(wrap32(i.ops.x)) } });
