/**
 * Layout and encoding: turns parsed source into code bytes, an instruction-start bitmask and a jump
 * table. Immediates take the fewest bytes that sign-extend back to the value (X(n, ·), pvm-core.md
 * 2.3), unless the source fixes a width (`value:N`) or the `wide` option asks for 4 bytes everywhere
 * (the fixed-width style of a code generator). Branch offsets depend on the layout, so their widths
 * start at the shortest and only grow until nothing changes (terminates: at most 4 bytes each).
 */
import type { CodeImage } from './types.js';
import { endsBlock, type AsmFormat } from './asm-opcodes.js';
import { asmFail, parseSource, type AsmResult, type ParsedInstr, type ParsedSource } from './asm-parse.js';

export interface AsmOptions {
  /** Every immediate and offset without an explicit width takes 4 bytes (load_imm_64 always takes 8). */
  readonly wide?: boolean;
  /** Reject static targets and jump-table entries that are not basic-block starts (default true; spec-notes/0006). */
  readonly checkTargets?: boolean;
}

export interface AsmLine {
  readonly pc: number;
  readonly bytes: Uint8Array;
  /** 1-based source line. */
  readonly line: number;
}

/** The assembled program: a code image (bitmask unpacked: one 0/1 per code byte) plus its labels. */
export interface Assembled extends CodeImage {
  readonly labels: ReadonlyMap<string, number>;
  readonly lines: readonly AsmLine[];
}

const MASK = (n: number): bigint => (1n << BigInt(8 * n)) - 1n;

/** X(n, v mod 2^8n) as an unsigned 64-bit value (X(0, ·) = 0). */
function sext(n: number, v: bigint): bigint {
  if (n === 0) return 0n;
  return BigInt.asUintN(64, BigInt.asIntN(8 * n, v & MASK(n)));
}

/** The fewest bytes (0..4) whose sign extension gives v back, or null if 4 are not enough. */
export function immWidth(v: bigint): number | null {
  const u = BigInt.asUintN(64, v);
  for (let n = 0; n <= 4; n++) if (sext(n, u) === u) return n;
  return null;
}

/** n little-endian bytes of v. */
function le(v: bigint, n: number): number[] {
  const out: number[] = [];
  for (let k = 0, x = BigInt.asUintN(64, v); k < n; k++, x >>= 8n) out.push(Number(x & 0xffn));
  return out;
}

/** A resolved immediate: its value and width, checked to fit. */
type Field = { readonly value: bigint; readonly width: number };

/** The bytes of one instruction from its opcode, registers and sized fields (pvm-core.md 2.3). */
function encode(opcode: number, format: AsmFormat, regs: readonly number[], f: readonly Field[]): number[] {
  const [a = 0, b = 0, c = 0] = regs;
  const [x = { value: 0n, width: 0 }, y = { value: 0n, width: 0 }] = f;
  const bytes = (g: Field): number[] => le(g.value, g.width);
  switch (format) {
    case 'NoArgs': return [opcode];
    case 'OneImm': case 'OneOffset': return [opcode, ...bytes(x)];
    case 'OneRegExtImm': return [opcode, a, ...le(x.value, 8)];
    case 'TwoImm': return [opcode, x.width, ...bytes(x), ...bytes(y)];
    case 'OneRegOneImm': return [opcode, a, ...bytes(x)];
    case 'OneRegTwoImm': case 'OneRegImmOffset': return [opcode, (x.width << 4) | a, ...bytes(x), ...bytes(y)];
    case 'TwoReg': return [opcode, (b << 4) | a];
    case 'TwoRegOneImm': case 'TwoRegOneOffset': return [opcode, (b << 4) | a, ...bytes(x)];
    case 'TwoRegTwoImm': return [opcode, (b << 4) | a, x.width, ...bytes(x), ...bytes(y)];
    case 'ThreeReg': return [opcode, (b << 4) | a, c];
  }
}

/** The three registers in encoding order: ThreeReg is written `rd, ra, rb` but encoded ra, rb, rd. */
function encodingRegs(i: ParsedInstr): number[] {
  const regs = i.operands.flatMap((o) => (o.kind === 'reg' ? [o.reg] : []));
  return i.op.format === 'ThreeReg' ? [regs[1] ?? 0, regs[2] ?? 0, regs[0] ?? 0] : regs;
}

/** A non-register operand once resolved: a fixed field, or a static target whose offset waits for the layout. */
type Slot = { readonly kind: 'field'; readonly field: Field } | { readonly kind: 'target'; readonly width: number | null };

/** Resolves immediates and jump-table addresses (neither depends on the layout) and checks that target labels exist. */
function resolve(i: ParsedInstr, labels: ReadonlyMap<string, number>, jt: ReadonlyMap<string, number>, wide: boolean): AsmResult<Slot[]> {
  const out: Slot[] = [];
  for (const o of i.operands) {
    if (o.kind === 'reg') continue;
    if (o.kind === 'target') {
      if (o.label !== null && !labels.has(o.label)) return asmFail(i.line, `${i.op.name}: undefined label '${o.label}'`);
      out.push({ kind: 'target', width: o.width ?? (wide ? 4 : null) });
      continue;
    }
    let value = o.kind === 'imm' ? o.value : 0n;
    if (o.kind === 'jt') {
      const k = jt.get(o.label);
      if (k === undefined) return asmFail(i.line, `%${o.label}: the label is not in the .jump_table`);
      value = BigInt(2 * (k + 1)); // djump address of entry k (GP A.5.10: a = 2·(k+1))
    }
    if (i.op.format === 'OneRegExtImm') { out.push({ kind: 'field', field: { value, width: 8 } }); continue; }
    const f = sized(i, value, o.width ?? (wide ? 4 : null), 'immediate');
    if (!f.ok) return f;
    out.push({ kind: 'field', field: f.value });
  }
  return { ok: true, value: out };
}

/** A value in its fixed width (checked) or in the fewest bytes. */
function sized(i: ParsedInstr, value: bigint, fixed: number | null, what: string): AsmResult<Field> {
  const least = immWidth(value);
  const shown = BigInt.asIntN(64, value);
  if (least === null) return asmFail(i.line, `${i.op.name}: ${what} ${shown} does not fit in 4 sign-extended bytes${what === 'immediate' ? ' (use load_imm_64)' : ''}`);
  if (fixed !== null && fixed < least) return asmFail(i.line, `${i.op.name}: ${what} ${shown} does not fit in ${fixed} bytes`);
  return { ok: true, value: { value, width: fixed ?? least } };
}

/** Bytes an instruction takes besides its immediate fields. */
const OVERHEAD: Readonly<Record<AsmFormat, number>> = {
  NoArgs: 1, OneImm: 1, OneRegExtImm: 2, TwoImm: 2, OneOffset: 1, OneRegOneImm: 2, OneRegTwoImm: 2,
  OneRegImmOffset: 2, TwoReg: 2, TwoRegOneImm: 2, TwoRegOneOffset: 2, TwoRegTwoImm: 3, ThreeReg: 3,
};

/** Assembles source text into a code image. Bad input gives an error naming the line. */
export function assemble(source: string, options: AsmOptions = {}): AsmResult<Assembled> {
  const parsed = parseSource(source);
  if (!parsed.ok) return parsed;
  const { items, jumpTable: table } = parsed.value;
  const wide = options.wide ?? false;
  const instrs = items.flatMap((it) => (it.kind === 'instr' ? [it.instr] : []));
  const jt = new Map<string, number>();
  for (const [k, e] of table.entries()) if (e.label !== null && !jt.has(e.label)) jt.set(e.label, k);
  const names = new Set<string>();
  for (const it of items) {
    if (it.kind !== 'label') continue;
    if (names.has(it.name)) return asmFail(it.line, `label '${it.name}' is defined twice`);
    names.add(it.name);
  }
  // Label pcs are needed to resolve targets; their values come from the layout loop below, so
  // resolve against a map that the loop keeps up to date.
  const labels = new Map<string, number>([...names].map((n) => [n, 0]));
  const slots: Slot[][] = [];
  const targetWidths: number[][] = [];
  const pcs: number[] = [];
  for (const i of instrs) {
    const s = resolve(i, labels, jt, wide);
    if (!s.ok) return s;
    slots.push(s.value);
    targetWidths.push(s.value.map((x) => (x.kind === 'target' ? x.width ?? 0 : 0)));
  }
  const targetPc = (i: ParsedInstr, n: number): number => {
    const o = i.operands.filter((x) => x.kind === 'target')[n];
    return o === undefined || o.kind !== 'target' ? 0 : o.label === null ? o.pc : labels.get(o.label) ?? 0;
  };
  for (let changed = true; changed;) {
    // Place every label and instruction with the current widths, then widen the offsets that do not fit.
    let pc = 0;
    let k = 0;
    for (const it of items) {
      if (it.kind === 'label') { labels.set(it.name, pc); continue; }
      pcs[k] = pc;
      pc += OVERHEAD[it.instr.op.format] + (slots[k] ?? []).reduce((n, s, m) => n + (s.kind === 'field' ? s.field.width : targetWidths[k]?.[m] ?? 0), 0);
      k++;
    }
    changed = false;
    for (const [k2, i] of instrs.entries()) {
      let t = 0;
      for (const [m, s] of (slots[k2] ?? []).entries()) {
        if (s.kind !== 'target') continue;
        const f = sized(i, BigInt.asUintN(64, BigInt(targetPc(i, t++) - (pcs[k2] ?? 0))), s.width, 'offset');
        if (!f.ok) return f;
        const w = targetWidths[k2] ?? [];
        if (f.value.width > (w[m] ?? 0)) { w[m] = f.value.width; changed = true; }
      }
    }
  }
  const encoded = instrs.map((i, k) => {
    let t = 0;
    const f = (slots[k] ?? []).map((s, m): Field => s.kind === 'field' ? s.field
      : { value: BigInt.asUintN(64, BigInt(targetPc(i, t++) - (pcs[k] ?? 0))), width: targetWidths[k]?.[m] ?? 0 });
    return encode(i.op.opcode, i.op.format, encodingRegs(i), f);
  });
  return finish(instrs, encoded, pcs, labels, table, options.checkTargets ?? true);
}

/** Builds the image, checks targets and the jump table. */
function finish(instrs: readonly ParsedInstr[], encoded: readonly number[][], pcs: readonly number[], labels: ReadonlyMap<string, number>,
  table: ParsedSource['jumpTable'], check: boolean): AsmResult<Assembled> {
  const size = encoded.reduce((n, e) => n + e.length, 0);
  const code = new Uint8Array(size);
  const bitmask = new Uint8Array(size);
  const lines: AsmLine[] = [];
  const starts = new Set<number>([0]);
  for (const [k, bytes] of encoded.entries()) {
    const pc = pcs[k] ?? 0;
    code.set(bytes, pc);
    bitmask[pc] = 1;
    lines.push({ pc, bytes: code.subarray(pc, pc + bytes.length), line: instrs[k]?.line ?? 0 });
    if (endsBlock(bytes[0] ?? 0)) starts.add(pc + bytes.length);
  }
  const jumpTable: number[] = [];
  for (const e of table) {
    const pc = e.label === null ? e.pc : labels.get(e.label);
    if (pc === undefined) return asmFail(e.line, `.jump_table: undefined label '${e.label ?? ''}'`);
    if (check && pc !== 0 && !starts.has(pc)) return asmFail(e.line, `.jump_table: entry ${e.label ?? pc} = pc ${pc} is not a basic-block start (put a terminator before it)`);
    jumpTable.push(pc);
  }
  if (check) {
    for (const i of instrs) {
      for (const o of i.operands) {
        if (o.kind !== 'target') continue;
        const pc = o.label === null ? o.pc : labels.get(o.label) ?? 0;
        if (!starts.has(pc)) return asmFail(i.line, `${i.op.name}: target ${o.label ?? pc} = pc ${pc} is not a basic-block start (put a terminator such as fallthrough before it; spec-notes/0006)`);
      }
    }
  }
  return { ok: true, value: { code, bitmask, jumpTable, labels: new Map(labels), lines } };
}
