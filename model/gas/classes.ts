/**
 * The jar1 gas classes: the groups of Lean `GasCost.instructionCost`, one constant per group (the Lean
 * comment above each match arm names it). Every opcode row (model/isa/*.ts) names its class; the
 * single-pass cost (single-pass.ts) reads the class of the row at pc. Exact Lean numbers (spec-notes/0013).
 * Registers are the gas model's fields A (byte 1 low nibble), B (byte 1 high nibble), D (byte 2 low
 * nibble), each clamped to 12 (Lean `regA`, `regB`, `regD`).
 */

/** A register field of the gas model. */
export type GasReg = 'A' | 'B' | 'D';

/** Decode slots that depend on whether the destination A is also a source (Lean `dstOverlapsSrc`, or rB == rA). */
export interface OverlapSlots {
  /** 'src': A is any of the class's sources; 'B': A equals B (the 3-register shifts). */
  readonly when: 'src' | 'B';
  readonly overlap: number;
  readonly otherwise: number;
}

/** One group of Lean `instructionCost` (its `InstrCost` without the terminator flag, which rows carry). */
export interface GasClass {
  /** Cycles: a number, the tier's memory cycles ('mem', spec-notes/0012), or the branch cost 𝔟 of the row's static target. */
  readonly cycles: number | 'mem' | 'branch';
  readonly slots: number | OverlapSlots;
  readonly dst: readonly GasReg[];
  readonly src: readonly GasReg[];
  /** move_reg: handled in the front end (Lean `isMoveReg`), no cycles. */
  readonly move: boolean;
}

const g = (cycles: GasClass['cycles'], slots: GasClass['slots'], dst: readonly GasReg[] = [], src: readonly GasReg[] = []): GasClass =>
  Object.freeze({ cycles, slots, dst, src, move: false });
const ifSrc = (overlap: number, otherwise: number): OverlapSlots => ({ when: 'src', overlap, otherwise });
const ifB = (overlap: number, otherwise: number): OverlapSlots => ({ when: 'B', overlap, otherwise });
const DST_A = ['A'] as const;
const SRC_B = ['B'] as const;
const SRC_BD = ['B', 'D'] as const;

/** trap, fallthrough. */
export const NO_ARG = g(2, 1);
/** unlikely. */
export const UNLIKELY = g(40, 1);
/** ecalli. */
export const ECALLI = g(100, 4);
/** jump. */
export const JUMP = g(15, 1);
/** load_imm_jump. */
export const LOAD_IMM_JUMP = g(15, 1, DST_A);
/** jump_ind. */
export const JUMP_IND = g(22, 1);
/** load_imm_jump_ind. */
export const LOAD_IMM_JUMP_IND = g(22, 1, DST_A, SRC_B);
/** Loads, absolute and indirect (both list B as a source in Lean). */
export const LOAD = g('mem', 1, DST_A, SRC_B);
/** store_uN, store_ind_uN. */
export const STORE = g('mem', 1, [], ['A', 'B']);
/** store_imm_uN. */
export const STORE_IMM = g('mem', 1);
/** store_imm_ind_uN. */
export const STORE_IMM_IND = g('mem', 1, [], ['A']);
/** load_imm. */
export const LOAD_IMM = g(1, 1, DST_A);
/** load_imm_64. */
export const LOAD_IMM_64 = g(1, 2, DST_A);
/** move_reg: decoded in the front end, no ROB entry. */
export const MOVE_REG: GasClass = Object.freeze({ cycles: 0, slots: 1, dst: DST_A, src: SRC_B, move: true });
/** Branches on a register and an immediate. */
export const BRANCH_IMM = g('branch', 1, [], ['A']);
/** Branches on two registers. */
export const BRANCH_REG = g('branch', 1, [], ['A', 'B']);
/** ALU 64-bit 3-reg: add_64, sub_64, and, xor, or. */
export const ALU_64_3REG = g(1, ifSrc(1, 2), DST_A, SRC_BD);
/** ALU 32-bit 3-reg: add_32, sub_32. */
export const ALU_32_3REG = g(2, ifSrc(2, 3), DST_A, SRC_BD);
/** ALU 2-op imm 64-bit (with zero_extend_16). */
export const ALU_64_IMM = g(1, ifSrc(1, 2), DST_A, SRC_B);
/** ALU 2-op imm 32-bit. */
export const ALU_32_IMM = g(2, ifSrc(2, 3), DST_A, SRC_B);
/** Trivial 2-op 1-cycle: popcount, clz, sign extension. */
export const BITS_1_CYCLE = g(1, 1, DST_A, SRC_B);
/** Trivial 2-op 2-cycle: ctz. */
export const BITS_2_CYCLE = g(2, 1, DST_A, SRC_B);
/** Shifts 64-bit 3-reg (and rot_l_64, rot_r_64). */
export const SHIFT_64_3REG = g(1, ifB(2, 3), DST_A, SRC_BD);
/** Shifts 32-bit 3-reg (and rot_l_32, rot_r_32). */
export const SHIFT_32_3REG = g(2, ifB(3, 4), DST_A, SRC_BD);
/** Shift alt 64-bit (and rot_r_64_imm_alt). */
export const SHIFT_ALT_64 = g(1, 3, DST_A, SRC_B);
/** Shift alt 32-bit (and rot_r_32_imm_alt). */
export const SHIFT_ALT_32 = g(2, 4, DST_A, SRC_B);
/** Comparisons 3-reg: set_lt_u, set_lt_s. */
export const SET_3REG = g(3, 3, DST_A, SRC_BD);
/** Comparisons with an immediate. */
export const SET_IMM = g(3, 3, DST_A, SRC_B);
/** Conditional moves (3-reg). */
export const CMOV_3REG = g(2, 2, DST_A, SRC_BD);
/** Conditional moves imm. */
export const CMOV_IMM = g(2, 3, DST_A, SRC_B);
/** Min/Max. */
export const MIN_MAX = g(3, ifSrc(2, 3), DST_A, SRC_BD);
/** and_inv, or_inv. */
export const AND_OR_INV = g(2, 3, DST_A, SRC_BD);
/** xnor. */
export const XNOR = g(2, ifSrc(2, 3), DST_A, SRC_BD);
/** neg_add_imm_64. */
export const NEG_ADD_IMM_64 = g(2, 3, DST_A, SRC_B);
/** neg_add_imm_32. */
export const NEG_ADD_IMM_32 = g(3, 4, DST_A, SRC_B);
/** Multiply 64-bit (3-reg). */
export const MUL_64 = g(3, ifSrc(1, 2), DST_A, SRC_BD);
/** mul_imm_64. */
export const MUL_IMM_64 = g(3, ifSrc(1, 2), DST_A, SRC_B);
/** Multiply 32-bit (3-reg). */
export const MUL_32 = g(4, ifSrc(2, 3), DST_A, SRC_BD);
/** mul_imm_32. */
export const MUL_IMM_32 = g(4, ifSrc(2, 3), DST_A, SRC_B);
/** Multiply upper: mul_upper_s_s, mul_upper_u_u. */
export const MUL_UPPER = g(4, 4, DST_A, SRC_BD);
/** mul_upper_s_u. */
export const MUL_UPPER_S_U = g(6, 4, DST_A, SRC_BD);
/** Divide (all). */
export const DIVIDE = g(60, 4, DST_A, SRC_BD);
/** The default arm: ecall, reverse_bytes and every byte not in the table (spec-notes/0013). */
export const DEFAULT = g(1, 1);
