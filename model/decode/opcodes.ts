/**
 * The decoder's view of the opcode table: the operand formats, and the table itself, which is derived
 * from the opcode rows of the instruction families (model/isa/index.ts; one row per opcode in its
 * family's file, e.g. `shar_r_64` in model/isa/shift.ts). Re-exported here for the decoder's users.
 * Spec: Lean `Instructions.lean` dispatch, pvm-core.md section 3.2; opcode 101 (sbrk) is absent on
 * purpose (spec-notes/0015): like every byte not listed, it panics.
 */

export type { Format, OpcodeInfo } from './format.js';
export { OPCODES, OPCODE_BY_NAME, endsCodeBlob, isTerminator } from '../isa/index.js';
