/**
 * The instruction set: the union of the family rows (control.ts, immediate.ts, store.ts, jump.ts,
 * load.ts, branch.ts, bits.ts, arith.ts, logic.ts, compare.ts, shift.ts, divide.ts) and every table
 * derived from it, checked when this module loads. Nothing here names an opcode twice: a fact about
 * one opcode lives in its row (model/isa/row.ts).
 * Spec: Lean `Instructions.executeStep` (the rules), `Instructions.opcodeName` (the names),
 * `Interpreter.isBlockTerminator` (the terminators), `GasCost.instructionCost` (the gas classes).
 */
import type { Format } from '../decode/format.js';
import { DEFAULT, type GasClass } from '../gas/classes.js';
import { invariant } from '../numeric.js';
import * as arith from './arith.js';
import * as bits from './bits.js';
import * as branch from './branch.js';
import type { Handler } from './common.js';
import * as compare from './compare.js';
import * as control from './control.js';
import * as divide from './divide.js';
import * as immediate from './immediate.js';
import * as jump from './jump.js';
import * as load from './load.js';
import * as logic from './logic.js';
import type { OpRow } from './row.js';
import * as shift from './shift.js';
import * as store from './store.js';

const FAMILIES = [control, immediate, store, jump, load, branch, bits, arith, logic, compare, shift, divide];

/**
 * The valid opcodes as pvm-core.md 3.2 lays them out: runs of consecutive numbers with one operand
 * format each. Opcode 101 (sbrk) is absent on purpose (spec-notes/0015): like every byte not listed,
 * it panics (spec-notes/0017). The rows must cover exactly these numbers, each with this format.
 */
const SPEC_RANGES: readonly (readonly [Format, number, number])[] = [
  ['NoArgs', 0, 3], ['OneImm', 10, 10], ['OneRegExtImm', 20, 20], ['TwoImm', 30, 33], ['OneOffset', 40, 40],
  ['OneRegOneImm', 50, 62], ['OneRegTwoImm', 70, 73], ['OneRegImmOffset', 80, 90], ['TwoReg', 100, 100],
  ['TwoReg', 102, 111], ['TwoRegOneImm', 120, 161], ['TwoRegOneOffset', 170, 175], ['TwoRegTwoImm', 180, 180],
  ['ThreeReg', 190, 230],
];

/** Every row, by opcode number. */
export const ROWS: readonly OpRow[] = FAMILIES.flatMap((f) => f.rows).sort((a, b) => a.opcode - b.opcode);

/** The row of each byte value 0..255 (undefined: not a valid opcode). */
export const ROW_BY_BYTE: readonly (OpRow | undefined)[] = Array.from({ length: 256 }, (_, b) => ROWS.find((r) => r.opcode === b));

/**
 * The load-time checks of a table: every number a byte, no number and no mnemonic twice, exactly the
 * numbers of pvm-core.md 3.2 each with its format, 101 (sbrk) absent. Throws on a model bug.
 */
export function checkRows(rows: readonly OpRow[]): void {
  const expected = new Map(SPEC_RANGES.flatMap(([format, first, last]) =>
    Array.from({ length: last - first + 1 }, (_, k): [number, Format] => [first + k, format])));
  for (const r of rows) {
    invariant(Number.isInteger(r.opcode) && r.opcode >= 0 && r.opcode <= 255, `opcode ${r.opcode} (${r.name}) is not a byte`);
    invariant(rows.filter((o) => o.opcode === r.opcode).length === 1, `opcode ${r.opcode} has more than one row`);
    invariant(rows.filter((o) => o.name === r.name).length === 1, `mnemonic ${r.name} has more than one row`);
    const want = expected.get(r.opcode) ?? 'no opcode';
    invariant(want === r.format, `opcode ${r.opcode} (${r.name}): format ${r.format}, pvm-core.md 3.2 says ${want}`);
  }
  invariant(rows.length === expected.size, `${expected.size - rows.length} opcodes of pvm-core.md 3.2 have no row`);
  invariant(!rows.some((r) => r.opcode === 101), 'opcode 101 (sbrk) must stay absent (spec-notes/0015)');
}
checkRows(ROWS);

/** Valid opcodes by number, ascending: each one's row (number, mnemonic, format, gas class, terminator, rule). */
export const OPCODES: ReadonlyMap<number, OpRow> = new Map(ROWS.map((r) => [r.opcode, r]));

/** Opcode number by mnemonic. */
export const OPCODE_BY_NAME: ReadonlyMap<string, number> = new Map(ROWS.map((r) => [r.name, r.opcode]));

/** The rule of every valid opcode (Lean `Instructions.executeStep`). */
export const HANDLERS: ReadonlyMap<number, Handler> = new Map(ROWS.map((r) => [r.opcode, r.rule]));

/** Gas-block terminators, both profiles: Lean `isBlockTerminator` plus ecall (spec-notes/0014, 0028). */
export function isTerminator(opcode: number): boolean {
  return ROW_BY_BYTE[opcode]?.terminator === true;
}

const ECALL = OPCODE_BY_NAME.get('ecall');

/**
 * The opcodes a jar1 CODE sub-blob may end with: Lean `Decode.isTerminator` exactly, i.e. the gas-block
 * set without ecall. Used only by the load-time check (`validateBasicBlocks`): spec-notes/0056.
 */
export function endsCodeBlob(opcode: number): boolean {
  return opcode !== ECALL && isTerminator(opcode);
}

/** The jar1 gas class of a byte: its row's, or Lean's default arm for a byte that is no opcode (spec-notes/0013). */
export function gasClassOf(opcode: number): GasClass {
  return ROW_BY_BYTE[opcode]?.gas ?? DEFAULT;
}
