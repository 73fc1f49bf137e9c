/**
 * The assembler's text syntax, one instruction per line, operands in the order the disassembler
 * (model/disasm.ts) prints them:
 *
 *   loop:                          ; a label (may share its line with an instruction)
 *     add_64 r10, r7, r9           ; ThreeReg: destination, then the two sources
 *     move_reg r7, r9              ; TwoReg: destination, source
 *     add_imm_64 r8, r8, -1        ; TwoRegOneImm: rA, rB, immediate
 *     branch_ne_imm r8, 0, @loop   ; a static target: @label, or @123 for an absolute pc
 *     load_imm r0, %ret            ; %label: the djump address 2·(k+1) of the label's jump-table entry k
 *     ecalli 0:1                   ; value:N forces an N-byte immediate (0..4) instead of the shortest
 *   .jump_table ret, 0             ; jump-table entries: labels or pcs
 *
 * Registers are r0..r12 or the ABI names ra sp t0 t1 t2 s0 s1 a0..a5. Numbers are decimal or 0x hex,
 * optionally negative, with `_` separators allowed. Comments start with `;`, `#` or `//`.
 */
import { ASM_OPCODES, type AsmFormat, type AsmOpcode } from './asm-opcodes.js';

/** A register, an immediate, a static target or a jump-table address, as written. */
export type Operand =
  | { readonly kind: 'reg'; readonly reg: number }
  | { readonly kind: 'imm'; readonly value: bigint; readonly width: number | null }
  | { readonly kind: 'target'; readonly label: string | null; readonly pc: number; readonly width: number | null }
  | { readonly kind: 'jt'; readonly label: string; readonly width: number | null };

export interface ParsedInstr {
  readonly op: AsmOpcode;
  readonly operands: readonly Operand[];
  /** 1-based source line, for errors. */
  readonly line: number;
}

/** A label definition or an instruction, in source order. */
export type Item = { readonly kind: 'label'; readonly name: string; readonly line: number } | { readonly kind: 'instr'; readonly instr: ParsedInstr };

export interface ParsedSource {
  readonly items: readonly Item[];
  /** Entries of `.jump_table` directives, in order: a label name or an absolute pc. */
  readonly jumpTable: readonly { readonly label: string | null; readonly pc: number; readonly line: number }[];
}

/** A mistake in assembler input: the line (1-based, 0 when not tied to one) and what is wrong. */
export interface AsmError {
  readonly kind: 'asm_error';
  readonly line: number;
  readonly message: string;
}

export type AsmResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AsmError };

export const asmFail = (line: number, message: string): { ok: false; error: AsmError } => ({ ok: false, error: { kind: 'asm_error', line, message } });

const ABI = ['ra', 'sp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
const LABEL = /^[A-Za-z_.$][\w.$]*$/;

/** What each format's operands are, in text order. */
const SHAPES: Readonly<Record<AsmFormat, readonly ('reg' | 'imm' | 'imm64' | 'target')[]>> = {
  NoArgs: [], OneImm: ['imm'], OneRegExtImm: ['reg', 'imm64'], TwoImm: ['imm', 'imm'], OneOffset: ['target'],
  OneRegOneImm: ['reg', 'imm'], OneRegTwoImm: ['reg', 'imm', 'imm'], OneRegImmOffset: ['reg', 'imm', 'target'],
  TwoReg: ['reg', 'reg'], TwoRegOneImm: ['reg', 'reg', 'imm'], TwoRegOneOffset: ['reg', 'reg', 'target'],
  TwoRegTwoImm: ['reg', 'reg', 'imm', 'imm'], ThreeReg: ['reg', 'reg', 'reg'],
};

/** A number literal as a bigint, or null. */
function parseNumber(s: string): bigint | null {
  const t = s.replace(/_/g, '');
  const m = /^(-?)(0x[0-9a-fA-F]+|[0-9]+)$/.exec(t);
  if (m === null) return null;
  const v = BigInt(m[2] ?? '0');
  return m[1] === '-' ? -v : v;
}

/** Splits `text:N` into the text and a width 0..4; width null when absent. */
function splitWidth(s: string, line: number): AsmResult<{ text: string; width: number | null }> {
  const m = /^(.*):(\d+)$/.exec(s);
  if (m === null) return { ok: true, value: { text: s, width: null } };
  const width = Number(m[2]);
  if (width > 4) return asmFail(line, `operand '${s}': width ${width} bytes, expected 0..4`);
  return { ok: true, value: { text: m[1] ?? '', width } };
}

function parseReg(s: string, line: number): AsmResult<Operand> {
  const m = /^r(\d+)$/.exec(s);
  const reg = m !== null ? Number(m[1]) : ABI.indexOf(s);
  if (reg < 0 || reg > 12) return asmFail(line, `operand '${s}': expected a register r0..r12 (or ${ABI.join(' ')})`);
  return { ok: true, value: { kind: 'reg', reg } };
}

/** An immediate: a number, or %label; `wide` is load_imm_64's 8-byte field (no width suffix). */
function parseImm(s: string, line: number, wide: boolean): AsmResult<Operand> {
  const w = wide ? { ok: true as const, value: { text: s, width: null } } : splitWidth(s, line);
  if (!w.ok) return w;
  const { text, width } = w.value;
  if (text.startsWith('%')) {
    const label = text.slice(1);
    if (!LABEL.test(label)) return asmFail(line, `operand '${s}': expected %label`);
    return { ok: true, value: { kind: 'jt', label, width } };
  }
  const v = parseNumber(text);
  if (v === null) return asmFail(line, `operand '${s}': expected a number (decimal or 0x hex)${wide ? '' : ', %label or value:width'}`);
  if (v < -(2n ** 63n) || v >= 2n ** 64n) return asmFail(line, `operand '${s}': outside the 64-bit range`);
  return { ok: true, value: { kind: 'imm', value: BigInt.asUintN(64, v), width } };
}

function parseTarget(s: string, line: number): AsmResult<Operand> {
  const w = splitWidth(s, line);
  if (!w.ok) return w;
  const { text, width } = w.value;
  if (!text.startsWith('@')) return asmFail(line, `operand '${s}': expected a target @label or @pc`);
  const body = text.slice(1);
  const pc = parseNumber(body);
  if (pc !== null) {
    if (pc < 0n || pc >= 2n ** 32n) return asmFail(line, `operand '${s}': target pc outside 0..2^32-1`);
    return { ok: true, value: { kind: 'target', label: null, pc: Number(pc), width } };
  }
  if (!LABEL.test(body)) return asmFail(line, `operand '${s}': expected a target @label or @pc`);
  return { ok: true, value: { kind: 'target', label: body, pc: 0, width } };
}

/** One instruction line (without label or comment). */
function parseInstr(text: string, line: number): AsmResult<ParsedInstr> {
  const m = /^(\S+)\s*(.*)$/.exec(text);
  const name = m?.[1] ?? '';
  const op = ASM_OPCODES.get(name);
  if (op === undefined) return asmFail(line, `unknown instruction '${name}'`);
  const rest = (m?.[2] ?? '').trim();
  const args = rest === '' ? [] : rest.split(',').map((a) => a.trim());
  const shape = SHAPES[op.format];
  if (args.length !== shape.length) return asmFail(line, `${name}: ${args.length} operands, expected ${shape.length} (${shape.join(', ') || 'none'})`);
  const operands: Operand[] = [];
  for (const [k, kind] of shape.entries()) {
    const a = args[k] ?? '';
    const o = kind === 'reg' ? parseReg(a, line) : kind === 'target' ? parseTarget(a, line) : parseImm(a, line, kind === 'imm64');
    if (!o.ok) return o;
    operands.push(o.value);
  }
  return { ok: true, value: { op, operands, line } };
}

/** The `.jump_table` directive's entries. */
function parseJumpTable(rest: string, line: number): AsmResult<ParsedSource['jumpTable']> {
  const out: { label: string | null; pc: number; line: number }[] = [];
  for (const raw of rest.split(',').map((a) => a.trim()).filter((a) => a !== '')) {
    const pc = parseNumber(raw);
    if (pc !== null && pc >= 0n && pc < 2n ** 32n) out.push({ label: null, pc: Number(pc), line });
    else if (pc === null && LABEL.test(raw)) out.push({ label: raw, pc: 0, line });
    else return asmFail(line, `.jump_table entry '${raw}': expected a label or a pc 0..2^32-1`);
  }
  return { ok: true, value: out };
}

/** Parses assembler source into labels, instructions and jump-table entries. */
export function parseSource(source: string): AsmResult<ParsedSource> {
  const items: Item[] = [];
  const jumpTable: { label: string | null; pc: number; line: number }[] = [];
  for (const [k, raw] of source.split('\n').entries()) {
    const line = k + 1;
    let text = raw.replace(/(;|#|\/\/).*$/, '').trim();
    for (let m = /^([A-Za-z_.$][\w.$]*):(?!\d)\s*/.exec(text); m !== null; m = /^([A-Za-z_.$][\w.$]*):(?!\d)\s*/.exec(text)) {
      items.push({ kind: 'label', name: m[1] ?? '', line });
      text = text.slice(m[0].length);
    }
    if (text === '') continue;
    if (text.startsWith('.jump_table')) {
      const entries = parseJumpTable(text.slice('.jump_table'.length), line);
      if (!entries.ok) return entries;
      jumpTable.push(...entries.value);
      continue;
    }
    if (text.startsWith('.')) return asmFail(line, `unknown directive '${text.split(/\s/)[0] ?? ''}' (known: .jump_table)`);
    const instr = parseInstr(text, line);
    if (!instr.ok) return instr;
    items.push({ kind: 'instr', instr: instr.value });
  }
  return { ok: true, value: { items, jumpTable } };
}
