/**
 * The shape of an opcode row. Each instruction family file (arith.ts, shift.ts, ...) exports `rows`:
 * one `op(number, mnemonic, format, facts, rule)` per opcode, named exactly as the spec's mnemonic
 * (Lean `Instructions.opcodeName`), so that `grep -rn <mnemonic> model` lands on its rule. index.ts
 * derives every other table (OPCODES, HANDLERS, isTerminator, the gas classes) from their union.
 *
 * A rule's body keeps one labelled order, as ethereum/execution-specs does for the EVM, each label a
 * line comment: `operands` (read the decoded fields and registers), `guards` (checks that stop the
 * instruction, in the spec's order), `effect` (the new state), `next pc`. Gas has no line in a rule: it
 * is charged per basic block at its entry (interpreter.ts `chargeBlock`, spec-notes/0026), from the
 * row's gas class.
 */
import type { GasClass } from '../gas/classes.js';
import type { Format, OpcodeInfo } from '../decode/format.js';
import type { Handler } from './common.js';

/** What a row says besides its rule: its jar1 gas class, and whether it ends a gas block (spec-notes/0014, 0028). */
export interface OpFacts {
  readonly gas: GasClass;
  readonly terminator: boolean;
}

/** One opcode: number, mnemonic, operand format, gas class, terminator, and its rule. */
export interface OpRow extends OpcodeInfo, OpFacts {
  readonly rule: Handler;
}

/** A row of the opcode table (frozen). */
export function op(opcode: number, name: string, format: Format, facts: OpFacts, rule: Handler): OpRow {
  return Object.freeze({ opcode, name, format, gas: facts.gas, terminator: facts.terminator, rule });
}
