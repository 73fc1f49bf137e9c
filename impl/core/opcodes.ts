/**
 * Opcode facts the impl needs: operand format per opcode and the gas-block terminator set.
 * Spec: pvm-core.md 2.3 and 3.2 (format table, holes), spec-notes/0015 (101 is invalid),
 * spec-notes/0014/0028 (terminators, ecall included).
 */

/** Operand formats (pvm-core.md 2.3); F_INVALID marks the opcode holes. */
export const F_INVALID = 0;
export const F_NONE = 1;
export const F_ONE_IMM = 2;
export const F_EXT_IMM = 3;
export const F_TWO_IMM = 4;
export const F_ONE_OFFSET = 5;
export const F_REG_IMM = 6;
export const F_REG_TWO_IMM = 7;
export const F_REG_IMM_OFFSET = 8;
export const F_TWO_REG = 9;
export const F_TWO_REG_IMM = 10;
export const F_TWO_REG_OFFSET = 11;
export const F_TWO_REG_TWO_IMM = 12;
export const F_THREE_REG = 13;

/** Operand format of each opcode byte; F_INVALID for the holes (they panic). */
export const FORMAT: Uint8Array = (() => {
  const f = new Uint8Array(256);
  const set = (from: number, to: number, v: number): void => {
    for (let o = from; o <= to; o++) f[o] = v;
  };
  set(0, 3, F_NONE);
  set(10, 10, F_ONE_IMM);
  set(20, 20, F_EXT_IMM);
  set(30, 33, F_TWO_IMM);
  set(40, 40, F_ONE_OFFSET);
  set(50, 62, F_REG_IMM);
  set(70, 73, F_REG_TWO_IMM);
  set(80, 90, F_REG_IMM_OFFSET);
  set(100, 100, F_TWO_REG);
  set(102, 111, F_TWO_REG); // 101 (sbrk) stays invalid: spec-notes/0015
  set(120, 161, F_TWO_REG_IMM);
  set(170, 175, F_TWO_REG_OFFSET);
  set(180, 180, F_TWO_REG_TWO_IMM);
  set(190, 230, F_THREE_REG);
  return f;
})();

/** Opcode byte the decoder stores for any position that panics when executed (K = 0 or an invalid opcode). */
export const OP_PANIC = 255;

/** Gas-block terminators (spec-notes/0028): trap, fallthrough, unlikely, ecall, ecalli, jumps and branches. */
export function endsBlock(op: number): boolean {
  return op <= 3 || op === 10 || op === 40 || op === 50 || op === 80 || op === 180 || (op >= 81 && op <= 90) || (op >= 170 && op <= 175);
}
