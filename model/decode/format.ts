/**
 * The operand formats and what the decoder needs of an opcode: types only, below both the decoder and
 * the opcode rows (model/isa/row.ts), so neither imports the other's module for them.
 * Spec: Lean `InstructionCategory`, pvm-core.md 3.2.
 */

/** The operand formats (Lean `InstructionCategory`, pvm-core.md 3.2). */
export type Format =
  | 'NoArgs' | 'OneImm' | 'OneRegExtImm' | 'TwoImm' | 'OneOffset' | 'OneRegOneImm' | 'OneRegTwoImm'
  | 'OneRegImmOffset' | 'TwoReg' | 'TwoRegOneImm' | 'TwoRegOneOffset' | 'TwoRegTwoImm' | 'ThreeReg';

/** What the decoder needs of an opcode: its number, mnemonic and operand format. */
export interface OpcodeInfo {
  readonly opcode: number;
  readonly name: string;
  readonly format: Format;
}
