/**
 * A disassembler over the model's decoder: one line per instruction start, in the operand order of
 * the opcode table (pvm-core.md 3.2). For people, not for parsing.
 */
import type { CodeImage } from '../vectors/lib/types.js';
import { isBlockStart, isStart, nextPc, zeta } from './decode/code.js';
import { programFrom } from './decode/program.js';
import { decodeOperands } from './decode/operands.js';
import { OPCODES } from './decode/opcodes.js';
import { toSigned64 } from './numeric.js';

export interface DisasmLine {
  readonly pc: number;
  readonly bytes: Uint8Array;
  readonly text: string;
  /** Whether a basic block (ϖ) starts here. */
  readonly blockStart: boolean;
}

const r = (i: number): string => `r${i}`;
const n = (v: bigint): string => {
  const s = toSigned64(v);
  return s < 0n && s > -0x10000n ? String(s) : `0x${v.toString(16)}`;
};

/** Disassembles every instruction start of a code image. */
export function disassemble(image: CodeImage): DisasmLine[] {
  return [...disassembleLines(image)];
}

/** The lines of `disassemble` one at a time, so that a listing of any size streams in bounded memory. */
export function* disassembleLines(image: CodeImage): Generator<DisasmLine> {
  const p = programFrom(image);
  for (let pc = 0; pc < p.code.length; pc++) {
    if (!isStart(p, pc)) continue;
    const end = Math.min(nextPc(p, pc), p.code.length);
    const info = OPCODES.get(zeta(p, pc));
    let text = `invalid 0x${zeta(p, pc).toString(16).padStart(2, '0')}`;
    if (info !== undefined) {
      const o = decodeOperands(p, pc, info.format);
      const t = `@${o.target}`;
      const args: Record<typeof info.format, string> = {
        NoArgs: '', OneImm: n(o.x), OneRegExtImm: `${r(o.ra)}, ${n(o.x)}`, TwoImm: `${n(o.x)}, ${n(o.y)}`, OneOffset: t,
        OneRegOneImm: `${r(o.ra)}, ${n(o.x)}`, OneRegTwoImm: `${r(o.ra)}, ${n(o.x)}, ${n(o.y)}`,
        OneRegImmOffset: `${r(o.ra)}, ${n(o.x)}, ${t}`, TwoReg: `${r(o.ra)}, ${r(o.rb)}`,
        TwoRegOneImm: `${r(o.ra)}, ${r(o.rb)}, ${n(o.x)}`, TwoRegOneOffset: `${r(o.ra)}, ${r(o.rb)}, ${t}`,
        TwoRegTwoImm: `${r(o.ra)}, ${r(o.rb)}, ${n(o.x)}, ${n(o.y)}`, ThreeReg: `${r(o.rd)}, ${r(o.ra)}, ${r(o.rb)}`,
      };
      text = `${info.name}${args[info.format] ? ' ' + args[info.format] : ''}`;
    }
    yield { pc, bytes: p.code.subarray(pc, end), text, blockStart: isBlockStart(p, pc) };
  }
}
