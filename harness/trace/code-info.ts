/**
 * What a trace shows of each instruction of a code image, computed once per image from the model's
 * decoder (model/disasm.ts): opcode, mnemonic, operand text, and for a store the address form and
 * width, so that a tracer can say which bytes an instruction wrote without diffing memory.
 */
import { disassembleLines } from '../../model/disasm.js';
import { isStart, zeta } from '../../model/decode/code.js';
import { programFrom } from '../../model/decode/program.js';
import { decodeOperands } from '../../model/decode/operands.js';
import { OPCODES } from '../../model/decode/opcodes.js';
import type { CodeImage } from '../../vectors/lib/types.js';

/** Per-pc tables of one code image (index = pc; pcs that start no instruction hold defaults). */
export interface CodeInfo {
  /** The opcode byte at pc (ζ, 0 past the end). */
  readonly op: Uint8Array;
  readonly opName: readonly string[];
  readonly operands: readonly string[];
  /** Bytes a store writes (1, 2, 4, 8); 0 for any other instruction. */
  readonly storeWidth: Uint8Array;
  /** A store's base register (-1: the address is the immediate alone). */
  readonly storeBase: Int8Array;
  /** A store's immediate address or offset, mod 2^32. */
  readonly storeOffset: Uint32Array;
  /** The record's JSON from pc to operands (`,"pc":..,"op":..,"opName":"..","operands":".."`), made on first use. */
  readonly jsonHead: (string | undefined)[];
}

/** The JSON fields of a record that depend on the pc only (cached in the image's tables). */
export function jsonHead(info: CodeInfo, pc: number): string {
  let h = info.jsonHead[pc];
  if (h === undefined) {
    h = `,"pc":${pc},"op":${info.op[pc] ?? 0},"opName":"${info.opName[pc] ?? 'trap'}","operands":"${info.operands[pc] ?? ''}"`;
    info.jsonHead[pc] = h;
  }
  return h;
}

/** Store opcodes by name prefix: how the address is formed (pvm-core.md 3.2 stores). */
const STORE_FORMS: readonly [RegExp, 'imm' | 'ra' | 'rb'][] = [
  [/^store_imm_ind_u(8|16|32|64)$/, 'ra'],
  [/^store_ind_u(8|16|32|64)$/, 'rb'],
  [/^store_imm_u(8|16|32|64)$/, 'imm'],
  [/^store_u(8|16|32|64)$/, 'imm'],
];

const cache = new WeakMap<CodeImage, CodeInfo>();

/** The trace tables of an image (cached per image object). */
export function codeInfo(image: CodeImage): CodeInfo {
  const hit = cache.get(image);
  if (hit !== undefined) return hit;
  const n = image.code.length + 1;
  const opName = new Array<string>(n).fill('trap');
  const operands = new Array<string>(n).fill('');
  const op = new Uint8Array(n);
  const storeWidth = new Uint8Array(n);
  const storeBase = new Int8Array(n).fill(-1);
  const storeOffset = new Uint32Array(n);
  const p = programFrom(image);
  for (const line of disassembleLines(image)) {
    const space = line.text.indexOf(' ');
    opName[line.pc] = space < 0 ? line.text : line.text.slice(0, space);
    operands[line.pc] = space < 0 ? '' : line.text.slice(space + 1);
    op[line.pc] = zeta(p, line.pc);
    const info = OPCODES.get(op[line.pc]!);
    if (info === undefined || !isStart(p, line.pc)) continue;
    for (const [re, form] of STORE_FORMS) {
      const m = re.exec(info.name);
      if (m === null) continue;
      const o = decodeOperands(p, line.pc, info.format);
      storeWidth[line.pc] = Number(m[1]) / 8;
      storeBase[line.pc] = form === 'ra' ? o.ra : form === 'rb' ? o.rb : -1;
      storeOffset[line.pc] = Number(o.x & 0xffffffffn);
    }
  }
  const out: CodeInfo = { op, opName, operands, storeWidth, storeBase, storeOffset, jsonHead: [] };
  cache.set(image, out);
  return out;
}

/** The mnemonic at a pc of an image's tables ('trap' past the end: ζ = 0 there, spec-notes/0016). */
export function opNameAt(info: CodeInfo, pc: number): string {
  return info.opName[pc] ?? 'trap';
}
