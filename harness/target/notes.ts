/**
 * Which spec-note's question a target finding is (vectors/TARGET.md, "Known differences").
 *
 * A target may answer a question that a spec-note settles the other way (typeberry and anan-as
 * charge gp gas per instruction, panic on writes to read-only pages, run sbrk, ...). Each detector
 * below recognises one such question from the request input, the model's answer and the target's
 * answer alone: it looks at the first step (exit) where the two answers part and accepts only the
 * shape the other decision of its note produces (the difference disappears when that decision is
 * applied), so that a finding is labelled "this is the question spec-notes/00NN answers" only when
 * it really is. Instruction facts come from the code bytes (opcode = the byte at an instruction start)
 * and, for names, registers and static targets, from the model's public disassembler.
 *
 * Detectors never throw: a malformed answer (missing fields, wrong types) simply does not match.
 *
 * Limits, all in the direction of saying nothing: only the first differing exit is looked at; a target
 * that went astray earlier (its registers or gas already different) is not attributed to a rule it meets
 * later; Rust's flat buffer is recognised only where the written bytes show in a read-only page (a write
 * into a hole is invisible in the answer); kernel questions (0029-0054) are recognised only where the root
 * VM's exit shows them. One ambiguity remains in the other direction: jar1 gas has no per-instruction
 * reference here, so a gas-only difference in a run of one block is attributed to 0003, 0012 or 0013 when
 * that block holds the disputed row, whatever the target's cost table does wrong besides.
 */
import { disassemble, type DisasmLine } from '../../model/disasm.js';
import { codeFrom, fromHex, type CodeJson, type VectorExpected, type VectorInput } from '../../vectors/lib/format.js';
import type { CaseKind } from '../../vectors/lib/target.js';
import type { CodeImage, Profile } from '../../vectors/lib/types.js';

export interface DiffContext {
  readonly kind: CaseKind;
  readonly profile: Profile;
  /** The request input (a vector input). */
  readonly input: VectorInput;
  /** The model's answer. */
  readonly expected: VectorExpected;
  /** The target's answer (a jar1 program answer may lack `initial`). */
  readonly actual: VectorExpected;
}

export interface NoteDetector {
  /** The spec-note number, '0026'. */
  readonly note: string;
  /** A few words: 'gp gas charged per block at entry'. */
  readonly title: string;
  /** True when the (first) difference between expected and actual is the question this note settles. */
  matches(ctx: DiffContext): boolean;
}

// ---------------------------------------------------------------------------------------------
// JSON access that never throws

type Obj = Readonly<Record<string, unknown>>;
const EMPTY: Obj = Object.freeze({});

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (o: unknown, k: string): unknown => (isObj(o) ? o[k] : undefined);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const U64 = /^0x[0-9a-fA-F]{1,16}$/;
const big = (v: unknown): bigint | null => (typeof v === 'string' && U64.test(v) ? BigInt(v) : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const MASK64 = (1n << 64n) - 1n;

/** Deep equality of JSON values; key order is irrelevant, an undefined property counts as absent. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

function bytesOf(hex: unknown): Uint8Array | null {
  return typeof hex === 'string' && hex.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(hex) ? fromHex(hex.toLowerCase()) : null;
}

// ---------------------------------------------------------------------------------------------
// Code facts (spec-notes/0024 skip, 0028 terminators, 0006 ϖ), by hand from the bytes

const isTerminator = (op: number): boolean =>
  op <= 3 || op === 10 || op === 40 || op === 50 || op === 80 || op === 180 || (op >= 81 && op <= 90) || (op >= 170 && op <= 175);
const isStaticJump = (op: number): boolean => op === 40 || op === 80 || (op >= 81 && op <= 90) || (op >= 170 && op <= 175);
const isDynamicJump = (op: number): boolean => op === 50 || op === 180;
const isThreeReg = (op: number): boolean => op >= 190 && op <= 230;
const SHAR = new Set([140, 146, 153, 157, 199, 209]);
const THREE_REG_SHIFTS = new Set([197, 198, 199, 207, 208, 209, 220, 221, 222, 223]);
/** Register-operand bytes after the opcode, by format (gas reads them even past the code end, 0013). */
function registerBytes(op: number): number {
  if (isThreeReg(op)) return 2;
  if (op === 20 || (op >= 50 && op <= 62) || (op >= 70 && op <= 73) || (op >= 80 && op <= 90)) return 1;
  if ((op >= 100 && op <= 111) || (op >= 120 && op <= 161) || (op >= 170 && op <= 175) || op === 180) return 1;
  return 0;
}
/** The ThreeReg destination byte B2 gives different registers as min(12, B2) and min(12, B2 mod 16). */
const destByteSplits = (b2: number): boolean => Math.min(12, b2) !== Math.min(12, b2 & 15);
const isStoreName = (n: string | null): boolean => n !== null && n.startsWith('store_');
const isLoadName = (n: string | null): boolean => n !== null && /^load_(ind_)?[ui](8|16|32|64)$/.test(n);
const isMemoryName = (n: string | null): boolean => isStoreName(n) || isLoadName(n);

class Code {
  readonly length: number;
  private lines: Map<number, DisasmLine> | null = null;
  private varpi: Set<number> | null = null;

  constructor(readonly image: CodeImage) {
    this.length = image.code.length;
  }

  /** K(i): an instruction starts at i (positions past the end count as starts). */
  isStart(i: number): boolean {
    return i >= this.length || (i >= 0 && (this.image.bitmask[i] ?? 0) !== 0);
  }

  /** ζ(i): the byte at i, 0 past the end. */
  byte(i: number): number {
    return i >= 0 && i < this.length ? this.image.code[i] ?? 0 : 0;
  }

  /** The opcode of the instruction starting at i inside the code, else null. */
  op(i: number | null): number | null {
    return i !== null && i >= 0 && i < this.length && this.isStart(i) ? this.byte(i) : null;
  }

  skip(i: number): number {
    for (let j = 0; j < 24; j++) if (this.isStart(i + 1 + j)) return j;
    return 24;
  }

  next(i: number): number {
    return i + 1 + this.skip(i);
  }

  /** Instruction starts inside the code, ascending. */
  *starts(): Generator<number> {
    for (let i = 0; i < this.length; i++) if (this.isStart(i)) yield i;
  }

  /** ϖ: 0 and every pc right after a terminator. */
  isBlockStart(t: number): boolean {
    if (this.varpi === null) {
      this.varpi = new Set([0]);
      for (const i of this.starts()) if (isTerminator(this.byte(i))) this.varpi.add(this.next(i));
    }
    return this.varpi.has(t);
  }

  /** The instruction start whose next pc is t (searched over the 25 bytes before t). */
  prevOf(t: number): number | null {
    for (let i = Math.max(0, t - 25); i < t && i < this.length; i++) if (this.isStart(i) && this.next(i) === t) return i;
    return null;
  }

  private line(pc: number): DisasmLine | undefined {
    if (this.lines === null) {
      this.lines = new Map();
      try {
        for (const l of disassemble(this.image)) this.lines.set(l.pc, l);
      } catch {
        // an image the disassembler cannot read: no names
      }
    }
    return this.lines.get(pc);
  }

  /** The mnemonic at an instruction start ('store_u8', 'invalid', ...), else null. */
  name(pc: number | null): string | null {
    if (pc === null) return null;
    const t = this.line(pc)?.text;
    return t === undefined ? null : t.split(' ')[0] ?? null;
  }

  /** The registers of the instruction in operand order (the first is the destination of an ALU op). */
  registers(pc: number): number[] {
    const t = this.line(pc)?.text ?? '';
    return [...t.matchAll(/\br(\d+)\b/g)].map((m) => Number(m[1]));
  }

  /** The static target of a jump or branch. */
  target(pc: number | null): number | null {
    if (pc === null) return null;
    const m = /@(\d+)/.exec(this.line(pc)?.text ?? '');
    const t = m?.[1] === undefined ? null : Number(m[1]);
    return t !== null && Number.isSafeInteger(t) ? t : null;
  }

  /**
   * The instructions a gp block walk counts from pc (spec-notes/0026): pc's own, then on to the first
   * terminator; past the end the implicit trap counts one; a non-instruction-start (where execution
   * panics) counts one and ends the walk.
   */
  walkFrom(pc: number, ends: (op: number) => boolean = isTerminator): number {
    return this.walk(pc, ends).length;
  }

  /** The positions that walk visits. */
  walk(pc: number, ends: (op: number) => boolean = isTerminator): number[] {
    const out: number[] = [];
    let cur = pc;
    for (let guard = 0; guard <= this.length + 1; guard++) {
      out.push(cur);
      if (cur >= this.length || ends(this.byte(cur)) || !this.isStart(cur)) return out;
      cur = this.next(cur);
    }
    return out;
  }

  /** The instructions of the basic block that holds pc (from its ϖ start to its terminator). */
  blockAround(pc: number): number[] {
    for (let s = Math.min(pc, this.length); s >= 0; s--) {
      if (this.isBlockStart(s) && (s === pc || this.sameBlock(s, pc))) return this.walk(s).filter((i) => i < this.length);
    }
    return [];
  }

  /** The operands of the instruction at pc as the disassembler prints them (registers as 'r7', numbers as text). */
  operands(pc: number): string[] {
    const t = this.line(pc)?.text ?? '';
    const at = t.indexOf(' ');
    return at < 0 ? [] : t.slice(at + 1).split(', ');
  }

  /** Whether pc is reached from the block start `start` without passing a terminator. */
  sameBlock(start: number, pc: number): boolean {
    let cur = start;
    for (let guard = 0; guard <= this.length + 1 && cur < pc; guard++) {
      if (cur >= this.length || !this.isStart(cur) || isTerminator(this.byte(cur))) return false;
      cur = this.next(cur);
    }
    return cur === pc;
  }

  /** The ecalli id at pc: the low 32 bits of the sign-extended immediate of min(4, skip) bytes (0025). */
  ecalliId(pc: number): number {
    const n = Math.min(4, this.skip(pc));
    if (n === 0) return 0;
    let v = 0n;
    for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(this.byte(pc + 1 + k));
    const sign = 1n << BigInt(8 * n - 1);
    if (v & sign) v -= sign << 1n;
    return Number(BigInt.asUintN(32, v));
  }
}

/** A number printed by the disassembler ('-4', '0x1f'), as a u64. */
function immediate(token: string | undefined): bigint | null {
  if (token === undefined || !/^(-?\d+|0x[0-9a-f]+)$/.test(token)) return null;
  return BigInt(token) & MASK64;
}

function codeOfJson(c: unknown): Code | null {
  if (!isObj(c) || typeof c.code !== 'string' || typeof c.bitmask !== 'string' || !Array.isArray(c.jumpTable)) return null;
  if (bytesOf(c.code) === null || c.bitmask.length !== c.code.length / 2 || !/^[01]*$/.test(c.bitmask)) return null;
  return new Code(codeFrom(c as unknown as CodeJson));
}

/** The code image of a GP deblob E(|j|) ‖ z ‖ E(|c|) ‖ j ‖ c ‖ packed bitmask, or null. */
function parseDeblob(blob: Uint8Array): Code | null {
  let at = 0;
  const varint = (): number | null => {
    const first = blob[at++];
    if (first === undefined) return null;
    let len = 0;
    while (len < 8 && (first & (0x80 >> len)) !== 0) len++;
    let v = 0;
    for (let i = len - 1; i >= 0; i--) {
      const b = blob[at + i];
      if (b === undefined) return null;
      v = v * 256 + b;
    }
    at += len;
    if (len < 8) v += (first & ((1 << (7 - len)) - 1)) * 2 ** (8 * len);
    return Number.isSafeInteger(v) ? v : null;
  };
  const jl = varint();
  const z = blob[at++];
  const cl = varint();
  if (jl === null || z === undefined || cl === null || z > 4) return null;
  const codeAt = at + jl * z;
  if (codeAt + cl + Math.ceil(cl / 8) > blob.length) return null;
  const jumpTable: number[] = [];
  for (let k = 0; k < jl; k++) {
    let t = 0;
    for (let i = z - 1; i >= 0; i--) t = t * 256 + (blob[at + k * z + i] ?? 0);
    jumpTable.push(t);
  }
  const code = blob.slice(codeAt, codeAt + cl);
  const bitmask = new Uint8Array(cl);
  for (let i = 0; i < cl; i++) bitmask[i] = ((blob[codeAt + cl + (i >> 3)] ?? 0) >> (i & 7)) & 1;
  return new Code({ code, bitmask, jumpTable });
}

/** The page count of the manifest's DATA entry in slot 0 (for the args rule, 0022), or null. */
function slot0DataPages(blob: Uint8Array): number | null {
  const count = blob[8];
  if (blob.length < 10 || count === undefined) return null;
  for (let k = 0; k < count; k++) {
    const off = 10 + 19 * k;
    if (off + 19 > blob.length) return null;
    if (blob[off] === 0 && blob[off + 1] === 1) {
      return (blob[off + 6] ?? 0) + (blob[off + 7] ?? 0) * 2 ** 8 + (blob[off + 8] ?? 0) * 2 ** 16 + (blob[off + 9] ?? 0) * 2 ** 24;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The two answers, split into a header (load outcome), steps (exits) and a tail (final memory)

interface Answer {
  readonly head: Obj;
  readonly steps: readonly Obj[];
  readonly tail: Obj;
  readonly initial: unknown;
}

function answerOf(kind: CaseKind, profile: Profile, out: unknown): Answer {
  const o = isObj(out) ? out : EMPTY;
  if (kind === 'decode') return { head: { accepted: o.accepted, class: o.class, image: o.image }, steps: [], tail: EMPTY, initial: undefined };
  if (kind === 'isa') {
    return { head: EMPTY, steps: [{ exit: o.exit, vm: 0, pc: o.pc, gas: o.gas, regs: o.regs }], tail: { pages: o.pages, memory: o.memory }, initial: undefined };
  }
  const exits = Array.isArray(o.exits) ? o.exits.map((e: unknown) => (isObj(e) ? e : EMPTY)) : [];
  if (profile === 'gp') return { head: EMPTY, steps: exits, tail: { pages: o.pages, memory: o.memory }, initial: undefined };
  return { head: { accepted: o.accepted, class: o.class, initGas: o.initGas }, steps: exits, tail: EMPTY, initial: o.initial };
}

/** A load rejection answered with class null is compared on `accepted` alone (TARGET.md). */
function headsEqual(e: Obj, a: Obj): boolean {
  if (e.accepted === false && a.accepted === false) return a.class === null || a.class === e.class;
  return jsonEqual(e, a);
}

const exitKind = (s: Obj): string | null => str(field(s.exit, 'kind'));
const EXIT_KINDS = new Set(['halt', 'trap', 'panic', 'oog', 'fault', 'ecalli', 'ecall', 'protocol']);
/** A step with a known exit, a pc, gas, and a fault address where there must be one. */
function wellFormed(s: Obj): boolean {
  const kind = exitKind(s);
  const pc = int(s.pc);
  return kind !== null && EXIT_KINDS.has(kind) && pc !== null && pc >= 0 && big(s.gas) !== null && (kind !== 'fault' || big(field(s.exit, 'address')) !== null);
}
const stopsAt = (s: Obj, kind: string, pc: number | null): boolean => pc !== null && exitKind(s) === kind && s.pc === pc;
const STEP_KEYS = ['exit', 'vm', 'pc', 'gas', 'regs'] as const;
type StepKey = (typeof STEP_KEYS)[number];
const sameExcept = (e: Obj, a: Obj, ...differ: StepKey[]): boolean => STEP_KEYS.every((k) => differ.includes(k) || jsonEqual(e[k], a[k]));

/** The register indices whose values differ, or null when either side has no 13 registers. */
function regDiff(e: Obj, a: Obj): number[] | null {
  const er = e.regs;
  const ar = a.regs;
  if (!Array.isArray(er) || !Array.isArray(ar) || er.length !== 13 || ar.length !== 13) return null;
  const out: number[] = [];
  for (let i = 0; i < 13; i++) if (er[i] !== ar[i]) out.push(i);
  return out;
}
const reg = (s: Obj, i: number): bigint | null => (Array.isArray(s.regs) ? big(s.regs[i]) : null);

class Analysis {
  readonly exp: Answer;
  readonly act: Answer;
  readonly headEqual: boolean;
  readonly tailEqual: boolean;
  /** The first step where the answers part, or -1 when every step is equal. */
  readonly k: number;
  /** The expected and actual step at k (EMPTY when absent). */
  readonly e: Obj;
  readonly a: Obj;
  private readonly codes = new Map<string, Code | null>();

  constructor(readonly ctx: DiffContext) {
    this.exp = answerOf(ctx.kind, ctx.profile, ctx.expected);
    this.act = answerOf(ctx.kind, ctx.profile, ctx.actual);
    this.headEqual = headsEqual(this.exp.head, this.act.head);
    this.tailEqual = jsonEqual(this.exp.tail, this.act.tail);
    let k = -1;
    for (let i = 0; i < Math.max(this.exp.steps.length, this.act.steps.length); i++) {
      if (!jsonEqual(this.exp.steps[i], this.act.steps[i])) {
        k = i;
        break;
      }
    }
    this.k = k;
    this.e = this.exp.steps[k] ?? EMPTY;
    this.a = this.act.steps[k] ?? EMPTY;
  }

  get equal(): boolean {
    return this.headEqual && this.k === -1 && this.tailEqual && (this.act.initial === undefined || jsonEqual(this.exp.initial, this.act.initial));
  }

  /** A step difference of a run that both sides loaded alike, where both steps are well formed. */
  get stepDiffers(): boolean {
    return this.headEqual && this.k >= 0 && this.ctx.kind !== 'decode' && wellFormed(this.e) && wellFormed(this.a);
  }

  /** Whether the steps after k and the final memory may be compared (k is the last step of both). */
  get tailOk(): boolean {
    const last = this.k === this.exp.steps.length - 1 && this.k === this.act.steps.length - 1;
    return !last || this.tailEqual;
  }

  get jar1Program(): boolean {
    return this.ctx.profile === 'jar1' && this.ctx.kind === 'program';
  }

  /** The initial kernel snapshot the model reports (jar1 program). */
  get initial(): Obj {
    const i = field(this.ctx.expected, 'initial');
    return isObj(i) ? i : EMPTY;
  }

  /** The snapshot entry of a VM in the initial kernel state. */
  initialVm(vm: unknown): Obj | null {
    const vms = this.initial.vms;
    if (!Array.isArray(vms)) return null;
    const v: unknown = vms.find((x: unknown) => field(x, 'id') === vm);
    return isObj(v) ? v : null;
  }

  /** The code a VM runs: isa input, gp deblob, or the jar1 CODE cap of the VM in the initial snapshot. */
  code(vm: unknown): Code | null {
    const key = this.ctx.kind === 'program' && this.ctx.profile === 'jar1' ? String(vm) : '';
    if (this.codes.has(key)) return this.codes.get(key) ?? null;
    let c: Code | null = null;
    try {
      if (this.ctx.kind === 'isa') c = codeOfJson(field(this.ctx.input, 'code'));
      else if (this.ctx.kind === 'program' && this.ctx.profile === 'gp') {
        const b = bytesOf(field(this.ctx.input, 'blob'));
        c = b === null ? null : parseDeblob(b);
      } else if (this.ctx.kind === 'program') {
        const idx = int(field(this.initialVm(vm), 'code'));
        const codes = this.initial.code;
        c = idx !== null && Array.isArray(codes) ? codeOfJson(codes[idx]) : null;
      }
    } catch {
      c = null;
    }
    this.codes.set(key, c);
    return c;
  }

  /** The access of the page holding `address` at the start of the run: 'R', 'W', or null (inaccessible). */
  pageAccess(vm: unknown, address: bigint): 'R' | 'W' | null {
    for (const r of this.pageRanges(vm)) if (address >= r.from && address < r.to) return r.access;
    return null;
  }

  /** Whether the initial pages allow an access of n bytes at `start` (each byte mod 2^32; a write needs W). */
  permits(vm: unknown, start: bigint, n: number, write: boolean): boolean {
    if (n === 0) return false;
    for (let i = 0n; i < BigInt(n); i++) {
      const access = this.pageAccess(vm, (start + i) & 0xffffffffn);
      if (access === null || (write && access !== 'W')) return false;
    }
    return true;
  }

  /** Whether the run starts with an accessible page below 0x10000 (the gp guard zone, 0027). */
  mapsBelowGuard(vm: unknown): boolean {
    return this.pageRanges(vm).some((r) => r.from < 0x10000n);
  }

  private pageRanges(vm: unknown): { from: bigint; to: bigint; access: 'R' | 'W' }[] {
    const out: { from: bigint; to: bigint; access: 'R' | 'W' }[] = [];
    if (this.jar1Program) {
      const slots = field(this.initialVm(vm), 'slots');
      for (const s of Array.isArray(slots) ? slots : []) {
        const cap = field(s, 'cap');
        const base = int(field(cap, 'base'));
        const access = field(cap, 'access');
        const mapped = field(cap, 'mapped');
        if (field(cap, 'kind') !== 'data' || base === null || (access !== 'R' && access !== 'W') || !Array.isArray(mapped)) continue;
        for (const m of mapped) {
          const p = int(m);
          if (p !== null) out.push({ from: BigInt(base + p) * 4096n, to: BigInt(base + p + 1) * 4096n, access });
        }
      }
      return out;
    }
    const pages = field(this.ctx.input, 'pages');
    for (const r of Array.isArray(pages) ? pages : []) {
      const address = int(field(r, 'address'));
      const length = int(field(r, 'length'));
      const access = field(r, 'access');
      if (address !== null && length !== null && (access === 'R' || access === 'W')) out.push({ from: BigInt(address), to: BigInt(address + length), access });
    }
    return out;
  }

  /**
   * Gas that is equal, or (gp) that differs only as per-instruction charging makes it differ from the
   * block charged at entry (0026): the target kept what the rest of the stopped block costs.
   */
  gasExplained(e: Obj, a: Obj): boolean {
    return jsonEqual(e.gas, a.gas) || this.perInstructionGas(e, a);
  }

  perInstructionGas(e: Obj, a: Obj): boolean {
    if (this.ctx.profile !== 'gp') return false;
    const ge = big(e.gas);
    const ga = big(a.gas);
    const pc = int(e.pc);
    const code = this.code(e.vm);
    if (ge === null || ga === null || pc === null || code === null) return false;
    // The block from pc on was paid at entry here; per instruction the target paid up to and including pc's
    // own, so it kept what the rest of the block costs. Past the end, the one difference left is the
    // implicit trap there (counted one here).
    const rest = BigInt(code.walkFrom(pc));
    return rest > 1n ? ga - ge === rest - 1n : pc >= code.length && ga - ge === 1n;
  }

  /** The registers the run started with (isa and gp program input; jar1: VM 0 in the initial snapshot). */
  startRegs(): readonly unknown[] | null {
    const r = this.jar1Program ? field(this.initialVm(0), 'regs') : this.ctx.kind === 'decode' ? null : field(this.ctx.input, 'regs');
    return Array.isArray(r) && r.length === 13 ? r : null;
  }

  /**
   * gp: whether the target's stop at `a` inside the block the kit could not pay (entered at `e.pc`) is
   * what per-instruction charging gives: it paid every instruction from the block start up to the stop
   * (the stop's own too unless it ran out of gas there), and that gas (plus what it kept) is less than
   * the block cost; when the run was entered at that block, no more than the gas it started with.
   */
  ranIntoUnpaidBlock(e: Obj, a: Obj): boolean {
    const start = int(e.pc);
    const stop = int(a.pc);
    const ga = big(a.gas);
    const code = this.code(e.vm);
    if (this.ctx.profile !== 'gp' || start === null || stop === null || ga === null || code === null) return false;
    const walk = code.walk(start);
    const at = walk.indexOf(stop);
    if (at < 0) return false;
    const paid = BigInt(at + (exitKind(a) === 'oog' ? 0 : 1));
    const entryGas = this.k === 0 && this.entryPc === start ? big(field(this.ctx.input, 'gas')) : null;
    return paid > 0n && ga + paid < BigInt(walk.length) && (entryGas === null || ga + paid <= entryGas);
  }

  /** The pc where this run (or, for a jar1 program, VM 0) was entered. */
  get entryPc(): number | null {
    return this.ctx.kind === 'decode' ? null : this.jar1Program ? 0 : int(field(this.ctx.input, 'pc'));
  }

  /**
   * The instructions of the one block a run charged, when it charged one only: entered at the start and
   * stopped in the same block (a gas-only difference can then come from that block's cost alone).
   */
  chargedBlock(step: Obj): number[] {
    const code = this.code(step.vm);
    const entry = this.k === 0 ? this.entryPc : null;
    const pc = int(step.pc);
    if (code === null || entry === null || pc === null) return [];
    const block = code.walk(entry);
    return block.includes(pc) || (pc >= code.length && block.at(-1) === pc) ? block.filter((i) => i < code.length) : [];
  }
}

type Test = (an: Analysis) => boolean;
const TESTS = new WeakMap<NoteDetector, Test>();

/** Runs a test on an analysis; a malformed answer that trips it up simply does not match. */
function run(test: Test, an: Analysis): boolean {
  try {
    return !an.equal && test(an);
  } catch {
    return false;
  }
}

function analyse(ctx: DiffContext): Analysis | null {
  try {
    return new Analysis(ctx);
  } catch {
    return null;
  }
}

function detector(note: string, title: string, test: Test): NoteDetector {
  const d: NoteDetector = {
    note,
    title,
    matches(ctx: DiffContext): boolean {
      const an = analyse(ctx);
      return an !== null && run(test, an);
    },
  };
  TESTS.set(d, test);
  return d;
}

// ---------------------------------------------------------------------------------------------
// The detectors

/** 0015: the kit panics on 101; the target ran it (Gray Paper 0.7 sbrk): it stopped there otherwise, or went on. */
function sbrk(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const pc = int(e.pc);
  const pcA = int(a.pc);
  return exitKind(e) === 'panic' && pc !== null && an.code(e.vm)?.op(pc) === 101 && !stopsAt(a, 'panic', pc) && pcA !== null && pcA >= pc;
}

/** A panic of the target at pc where the opcode is one of `ops`, or at a static jump to the pc right after one. */
function targetPanicsOn(an: Analysis, ops: readonly number[]): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const pc = int(a.pc);
  const code = an.code(a.vm ?? e.vm);
  if (code === null || pc === null || exitKind(a) !== 'panic' || stopsAt(e, 'panic', pc)) return false;
  const op = code.op(pc);
  if (op !== null && ops.includes(op)) return true;
  if (op === null || !isStaticJump(op)) return false;
  const t = code.target(pc);
  const before = t === null ? null : code.prevOf(t);
  const prevOp = code.op(before);
  return prevOp !== null && ops.includes(prevOp);
}

/** 0014: ecall (3) unknown or not ending a block: a panic on it or on a jump to after it; or its block charged past it. */
function ecallTerminator(an: Analysis): boolean {
  if (targetPanicsOn(an, [3])) return true;
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  // A block that runs on past the ecall (Lean's set without 3) costs more: it cannot be paid (out of gas
  // at the start of the block that ends at the ecall here), or (gp) costs the instructions after the
  // ecall up to the next terminator more.
  const pc = int(e.pc);
  const code = an.code(e.vm);
  const at = pc === null || code === null ? null : code.prevOf(pc);
  if (code === null || pc === null || at === null || exitKind(e) !== 'ecall' || code.op(at) !== 3) return false;
  if (exitKind(a) === 'oog') {
    const start = code.blockAround(at)[0];
    if (start === undefined || a.pc !== start) return false;
    // gp, entered at that block: the gas did not cover the longer block.
    const gas = an.k === 0 && an.entryPc === start ? big(field(an.ctx.input, 'gas')) : null;
    return an.ctx.profile !== 'gp' || gas === null || gas < BigInt(code.walkFrom(start, (op) => op !== 3 && isTerminator(op)));
  }
  const ge = big(e.gas);
  const ga = big(a.gas);
  if (an.ctx.profile !== 'gp' || !sameExcept(e, a, 'gas') || ge === null || ga === null) return false;
  return ge - ga === BigInt(code.walkFrom(pc, (op) => op !== 3 && isTerminator(op)));
}

/** 0028: unlikely (2) (or ecall, or ecalli as a block end) outside the target's terminator set. */
function terminatorSet(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  if (targetPanicsOn(an, [2, 3])) return true;
  // A jump to the pc after an ecalli: GP's T lacks ecalli, so a gp target may refuse it as a block start.
  const { e, a } = an;
  const pc = int(a.pc);
  const code = an.code(a.vm ?? e.vm);
  if (code === null || exitKind(a) !== 'panic' || stopsAt(e, 'panic', pc) || !isStaticJump(code.op(pc) ?? -1)) return false;
  const t = code.target(pc);
  return t !== null && code.op(code.prevOf(t)) === 10;
}

/** The ThreeReg instructions whose destination byte reads differently as a whole byte and as a nibble. */
function splitDestinations(code: Code): { pc: number; b2: number }[] {
  const out: { pc: number; b2: number }[] = [];
  for (const i of code.starts()) if (isThreeReg(code.byte(i)) && destByteSplits(code.byte(i + 2))) out.push({ pc: i, b2: code.byte(i + 2) });
  return out;
}

/** 0003: the destination byte B2 ≥ 16 read as B2 mod 16 (execution), or the whole byte read by the jar1 gas model. */
function threeRegDestination(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  if (code === null) return false;
  const splits = splitDestinations(code);
  if (splits.length === 0) return false;
  const diff = regDiff(e, a);
  if (diff === null) return false;
  if (diff.length === 0) {
    const charged = an.chargedBlock(e);
    return an.ctx.profile === 'jar1' && sameExcept(e, a, 'gas') && splits.some(({ pc }) => charged.includes(pc));
  }
  // The result went to r(B2 mod 16) instead of r12: the only difference, or (the run went on with
  // another r12) the kit's r12 found in that register, which neither held it at the start nor holds here.
  const result = reg(e, 12);
  const start = an.startRegs();
  if (result === null) return false;
  const only = sameExcept(e, a, 'regs', 'gas') && an.gasExplained(e, a);
  const startR12 = start === null ? null : big(start[12]);
  return splits.some(({ b2 }) => {
    const nib = Math.min(12, b2 & 15);
    if (reg(a, nib) !== result) return false;
    // (r(B2 mod 16) may have held that value already: then r12 shows it was not written.)
    if (only && diff.every((r) => r === 12 || r === nib)) return diff.includes(nib) || (startR12 !== null && reg(a, 12) === startR12);
    return diff.includes(nib) && diff.includes(12) && start !== null && big(start[nib]) !== result && reg(e, nib) !== result;
  });
}

/** 0024: the kit lands at ı + 25 after an instruction whose skip is capped (K = 0 there: panic); the target went elsewhere. */
function skipCap(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const q = int(e.pc);
  const code = an.code(e.vm);
  if (code === null || q === null || exitKind(e) !== 'panic' || q >= code.length || code.isStart(q) || stopsAt(a, 'panic', q)) return false;
  const i = q - 25;
  return i >= 0 && code.isStart(i) && code.skip(i) === 24;
}

/** 0016: the kit traps at pc = |c|; the target panics there or at the jump that goes there. */
function pcPastEnd(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  const pc = int(a.pc);
  if (code === null || pc === null || exitKind(e) !== 'trap' || e.pc !== code.length || exitKind(a) !== 'panic') return false;
  return pc === code.length || code.target(pc) === code.length || isDynamicJump(code.op(pc) ?? -1);
}

/** 0017: the kit panics at an invalid opcode; the target skipped it and went on. */
function invalidOpcode(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const pc = int(e.pc);
  const code = an.code(e.vm);
  if (code === null || pc === null || exitKind(e) !== 'panic' || stopsAt(a, 'panic', pc)) return false;
  const op = code.op(pc);
  const pcA = int(a.pc);
  return op !== null && op !== 101 && code.name(pc) === 'invalid' && pcA !== null && pcA > pc;
}

/**
 * 0018: a run entered at a pc that is no instruction start: the kit charges the block there, then panics
 * (or runs out of gas). The target panicked without the charge, or ran the bytes there as an instruction.
 */
function invalidEntry(an: Analysis): boolean {
  if (!an.stepDiffers || an.k !== 0 || an.ctx.kind === 'decode' || an.jar1Program) return false;
  const { e, a } = an;
  const entry = int(field(an.ctx.input, 'pc'));
  const code = an.code(e.vm);
  if (code === null || entry === null || entry >= code.length || code.isStart(entry)) return false;
  // Out of gas here (the block charged first), a panic there.
  if (stopsAt(e, 'oog', entry)) return stopsAt(a, 'panic', entry);
  if (!stopsAt(e, 'panic', entry)) return false;
  // A panic for free (Rust's step) or for 1 (Rust's run): only the gas differs, the target kept more.
  const ge = big(e.gas);
  const ga = big(a.gas);
  if (sameExcept(e, a, 'gas')) return ge !== null && ga !== null && ga > ge;
  // The bytes at the entry run as an instruction (typeberry): another exit, or registers written.
  const pcA = int(a.pc);
  return pcA !== null && pcA >= entry && !sameExcept(e, a, 'gas', 'vm');
}

/** 0009: a write to a read-only page faults before any byte moves (not a panic, not a write, not a partial write). */
function memoryEnforcement(an: Analysis): boolean {
  if (an.ctx.kind === 'decode' || !an.headEqual) return false;
  if (an.k === -1) {
    // Equal exits and pages, other memory contents: the target wrote part of a store that faulted.
    const last = an.exp.steps.at(-1);
    const memory = an.act.tail.memory;
    const chunks = Array.isArray(memory) && memory.every((c: unknown) => int(field(c, 'address')) !== null && bytesOf(field(c, 'bytes')) !== null);
    if (last === undefined || an.tailEqual || !chunks || !jsonEqual(an.exp.tail.pages, an.act.tail.pages) || exitKind(last) !== 'fault') return false;
    return isStoreName(an.code(last.vm)?.name(int(last.pc)) ?? null);
  }
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const pc = int(e.pc);
  const address = big(field(e.exit, 'address'));
  const code = an.code(e.vm);
  if (exitKind(e) !== 'fault' || pc === null || address === null || code === null) return false;
  if (!isStoreName(code.name(pc)) || an.pageAccess(e.vm, address) !== 'R') return false;
  // typeberry, anan-as: a panic at the store.
  if (stopsAt(a, 'panic', pc) && sameExcept(e, a, 'exit', 'gas')) return true;
  // Rust's flat buffer: the store went through, and its bytes show in the read-only page.
  return !stopsAt(a, 'fault', pc) && an.k === an.exp.steps.length - 1 && an.k === an.act.steps.length - 1 && pageDiffers(an.exp.tail.memory, an.act.tail.memory, address);
}

/** Whether two memory listings ({address, bytes} runs) differ inside the page at `base`. */
function pageDiffers(want: unknown, got: unknown, base: bigint): boolean {
  const bytes = (m: unknown): Map<number, number> | null => {
    if (!Array.isArray(m)) return null;
    const out = new Map<number, number>();
    for (const c of m) {
      const at = int(field(c, 'address'));
      const b = bytesOf(field(c, 'bytes'));
      if (at === null || b === null) return null;
      b.forEach((x, i) => {
        const addr = at + i;
        if (BigInt(addr) >= base && BigInt(addr) < base + 4096n && x !== 0) out.set(addr, x);
      });
    }
    return out;
  };
  const w = bytes(want);
  const g = bytes(got);
  if (w === null || g === null) return false;
  return w.size !== g.size || [...w].some(([k, v]) => g.get(k) !== v);
}

/** 0027: the gp guard zone (panic below 0x10000, on the lowest inaccessible address) and its absence in jar1. */
function guardZone(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  const pcE = int(e.pc);
  const pcA = int(a.pc);
  if (code === null) return false;
  const fe = big(field(e.exit, 'address'));
  if (an.ctx.profile === 'gp') {
    // The kit's only panic at a load or store is the guard zone (lowest inaccessible address below 0x10000,
    // after the mod 2^32 wrap); a fault there is another criterion (none, or Lean's start address).
    if (exitKind(e) === 'panic' && isMemoryName(code.name(pcE)) && stopsAt(a, 'fault', pcE)) return true;
    // Lean tests the start address: a panic at an access that starts below 0x10000 (on a page mapped there).
    if (exitKind(a) !== 'panic' || pcA === null || stopsAt(e, 'panic', pcA) || !an.mapsBelowGuard(e.vm)) return false;
    const start = accessStart(code, pcA, a);
    const name = code.name(pcA);
    return start !== null && (start < 0x10000n || (start & 0xffffffffn) < 0x10000n) && an.permits(e.vm, start, accessSize(name), isStoreName(name));
  }
  return exitKind(e) === 'fault' && fe !== null && fe < 0x10000n && isMemoryName(code.name(pcE)) && stopsAt(a, 'panic', pcE);
}

/** The bytes a load or store moves, from its name. */
const accessSize = (name: string | null): number => (name === null ? 0 : /8$/.test(name) ? 1 : /16$/.test(name) ? 2 : /32$/.test(name) ? 4 : /64$/.test(name) ? 8 : 0);

/** The start address (mod 2^64) of the load or store at pc, from the registers of a step that stopped there. */
function accessStart(code: Code, pc: number, s: Obj): bigint | null {
  const name = code.name(pc);
  if (!isMemoryName(name) || name === null) return null;
  const ops = code.operands(pc);
  const regs = code.registers(pc);
  const plus = (r: number | undefined, token: string | undefined): bigint | null => {
    const base = r === undefined ? null : reg(s, r);
    const x = immediate(token);
    return base === null || x === null ? null : (base + x) & MASK64;
  };
  if (name.includes('_imm_ind_')) return plus(regs[0], ops[1]);
  if (name.includes('_ind_')) return plus(regs[1], ops[2]);
  if (name.startsWith('store_imm_')) return immediate(ops[0]);
  return immediate(ops[1]);
}

/** Whether a reported fault address x names the access whose kit address is the page base `base`. */
const nearPage = (x: bigint, base: bigint): boolean => (x >= base - 7n && x < base + 4096n) || x === base - 4096n;

/** 0008: addresses taken in 64 bits (faulting at or above 2^32, or a panic there) instead of mod 2^32. */
function addressWidth(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const fa = big(field(a.exit, 'address'));
  const pc = int(a.pc);
  // A fault above the page table of 2^32 bytes, at the start address taken in 64 bits: a panic (anan-as)
  // at an access the kit reduces mod 2^32 and faults on.
  const pcE = int(e.pc);
  const code = an.code(e.vm);
  if (exitKind(e) === 'fault' && stopsAt(a, 'panic', pcE) && code !== null && pcE !== null) {
    const start = accessStart(code, pcE, e);
    const fe = big(field(e.exit, 'address'));
    if (start !== null && start >= 1n << 32n && fe !== null && fe >= 0x10000n && !(isStoreName(code.name(pcE)) && an.pageAccess(e.vm, fe) === 'R')) return true;
  }
  if (exitKind(a) !== 'fault' || fa === null || fa < 1n << 32n) return false;
  if (exitKind(e) === 'fault') {
    const fe = big(field(e.exit, 'address'));
    const d = regDiff(e, a);
    return fe !== null && e.pc === pc && d !== null && d.length === 0 && nearPage(fa & 0xffffffffn, fe);
  }
  return isMemoryName(an.code(e.vm)?.name(pc) ?? null);
}

/** 0007: the same fault reported at another address of the same access (exact address, start page). */
function faultAddress(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const fe = big(field(e.exit, 'address'));
  const fa = big(field(a.exit, 'address'));
  if (exitKind(e) !== 'fault' || exitKind(a) !== 'fault' || fe === null || fa === null || fe === fa || fa >= 1n << 32n) return false;
  if (!nearPage(fa, fe)) return false;
  // With the kit's address in the target's answer, the answers agree (but for per-instruction gp gas, 0026).
  const patched = { ...a, exit: e.exit };
  return sameExcept(e, patched, 'gas') && an.gasExplained(e, patched) && an.tailOk;
}

/** 0004: load_imm_jump(_ind) keeps its register write when the jump panics; the target from the old φ[rB]. */
function loadImmJumpInd(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  if (code === null) return false;
  const pc = int(e.pc);
  const op = code.op(pc);
  if (pc !== null && (op === 80 || op === 180) && stopsAt(e, 'panic', pc) && stopsAt(a, 'panic', pc) && an.gasExplained(e, a)) {
    // Lean's dropped write leaves rA as it was before (known here when nothing wrote it since the start).
    const d = regDiff(e, a);
    const ra = code.registers(pc)[0];
    const before = ra === undefined ? null : big(an.startRegs()?.[ra]);
    if (ra !== undefined && d !== null && d.length === 1 && d[0] === ra && before !== null && reg(a, ra) === before) return true;
  }
  // rA = rB: the jump address read after the write gives another target.
  if (sameExcept(e, a, 'gas', 'regs', 'vm')) return false;
  const entry = an.ctx.kind === 'isa' ? int(field(an.ctx.input, 'pc')) : null;
  for (const i of code.starts()) {
    if (code.byte(i) !== 180) continue;
    const [ra, rb] = code.registers(i);
    if (ra !== undefined && ra === rb && (e.pc === i || a.pc === i || entry === i)) return true;
  }
  return false;
}

/** 0040: a jar1 root VM halts at a dynamic jump to 0xFFFF0000 (the kit's halt); the target panics there (Rust: no halt address). */
function haltUnderKernel(an: Analysis): boolean {
  if (!an.stepDiffers || !an.jar1Program) return false;
  const { e, a } = an;
  const pc = int(e.pc);
  return exitKind(e) === 'halt' && isDynamicJump(an.code(e.vm)?.op(pc) ?? -1) && stopsAt(a, 'panic', pc) && a.vm === e.vm;
}

interface DjumpCase {
  /** 'ordinary' for a jump to a valid table entry, else the special case the note's rules single out. */
  readonly kind: 'ordinary' | 'halt' | 'zero' | 'odd' | 'beyond' | 'entry_0' | 'not_block_start';
  /** Where the other readings go: Lean's entry a/2 for an odd address, the unchecked entry not in ϖ. */
  readonly elsewhere: number | null;
}

/**
 * The kit's reading of the dynamic jump at pc (spec-notes/0005) from the registers before it, or null when
 * the address cannot be recovered.
 */
function djumpCase(an: Analysis, code: Code, pc: number, side: Obj): DjumpCase | null {
  const op = code.op(pc);
  const ops = code.operands(pc);
  const regs = code.registers(pc);
  const base = op === 50 ? regs[0] : regs[1];
  const offset = immediate(op === 50 ? ops[1] : ops[3]);
  if (base === undefined || offset === null) return null;
  // φ[base] before the instruction: the input state when the run starts there, else the stopped state
  // (a stop leaves registers as before, but load_imm_jump_ind's rA write persists, 0004).
  const input = an.startRegs();
  const before = an.ctx.kind === 'isa' && an.k === 0 && an.entryPc === pc && input !== null ? big(input[base]) : op === 180 && regs[0] === base ? null : reg(side, base);
  if (before === null) return null;
  const a = (before + offset) & 0xffffffffn;
  const table = code.image.jumpTable;
  const entry = (idx: bigint): number | null => (idx >= 1n && idx <= BigInt(table.length) ? table[Number(idx) - 1] ?? null : null);
  if (a === 0xffff0000n) return { kind: 'halt', elsewhere: null };
  if (a === 0n) return { kind: 'zero', elsewhere: null };
  if (a % 2n === 1n) return { kind: 'odd', elsewhere: entry(a / 2n) };
  if (a / 2n > BigInt(table.length)) return { kind: 'beyond', elsewhere: null };
  const target = entry(a / 2n);
  if (target === 0) return { kind: 'entry_0', elsewhere: null };
  return target === null || !code.isBlockStart(target) ? { kind: 'not_block_start', elsewhere: target } : { kind: 'ordinary', elsewhere: null };
}

/** What the kit does on a case: halt, panic, or jump. */
const djumpOutcome = (c: DjumpCase): string => (c.kind === 'halt' ? 'halt' : c.kind === 'ordinary' || c.kind === 'entry_0' ? 'jump' : 'panic');

/**
 * 0005: the dynamic jump rules. The target stopped at a dynamic jump where, by its own registers, the
 * kit does otherwise on a case the note singles out (Rust: no halt address; Lean: entry 0 halts); or the
 * kit stopped at one (halt address, 0, odd, beyond the table, entry not in ϖ) and the target stopped
 * there with the other exit, or went on where another reading jumps (Lean's entry a/2 for an odd a, an
 * unchecked entry).
 */
function djumpRules(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  const pcA = int(a.pc);
  const pcE = int(e.pc);
  const kindA = exitKind(a);
  const kindE = exitKind(e);
  if (code === null || pcA === null || pcE === null) return false;
  const stops = (k: string | null): boolean => k === 'halt' || k === 'panic';
  if (stops(kindA) && isDynamicJump(code.op(pcA) ?? -1)) {
    const c = djumpCase(an, code, pcA, a);
    if (c !== null && c.kind !== 'ordinary' && djumpOutcome(c) !== kindA) return true;
  }
  if (!stops(kindE) || !isDynamicJump(code.op(pcE) ?? -1)) return false;
  const c = djumpCase(an, code, pcE, e);
  if (c === null || c.kind === 'ordinary') return false;
  if (pcA === pcE && stops(kindA) && kindA !== kindE) return true;
  return c.elsewhere !== null && pcA !== pcE && code.walk(c.elsewhere).includes(pcA);
}

/**
 * 0006: a static jump or branch whose target is not in ϖ panics (pc at the branch); the target went there
 * instead (Lean: charged from T on arrival; Rust's interpreter: its larger set, free) and stopped in the
 * block walk from T.
 */
function branchTarget(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  const pcE = int(e.pc);
  const pcA = int(a.pc);
  const op = code?.op(pcE) ?? null;
  const t = code?.target(pcE) ?? null;
  if (code === null || pcE === null || pcA === null || op === null || t === null || !isStaticJump(op) || exitKind(e) !== 'panic' || stopsAt(a, 'panic', pcE)) return false;
  if (!code.walk(t).includes(pcA)) return false;
  if (op === 40 || op === 80 || branchTaken(code, pcE, e) !== true) return op === 40 || op === 80;
  // A conditional branch: show that the target took it rather than falling through (a wrong comparison
  // would fall through): by the gas of the block walked (gp), or by a stop the fall-through cannot reach.
  const ge = big(e.gas);
  const ga = big(a.gas);
  const fall = code.next(pcE);
  if (an.ctx.profile === 'gp' && ge !== null && ga !== null && (ga === ge || ga === ge - BigInt(code.walkFrom(t))) && ga !== ge - BigInt(code.walkFrom(fall))) return true;
  return !code.walk(fall).includes(pcA);
}

const SIGN = 1n << 63n;
const signed = (v: bigint): bigint => (v & SIGN ? v - (1n << 64n) : v);
/** Conditions of branch_*_imm (81-90) and branch_* (170-175), in opcode order. */
const IMM_CONDS: readonly ((a: bigint, b: bigint) => boolean)[] = [
  (a, b) => a === b, (a, b) => a !== b, (a, b) => a < b, (a, b) => a <= b, (a, b) => a >= b, (a, b) => a > b,
  (a, b) => signed(a) < signed(b), (a, b) => signed(a) <= signed(b), (a, b) => signed(a) >= signed(b), (a, b) => signed(a) > signed(b),
];
const REG_CONDS: readonly ((a: bigint, b: bigint) => boolean)[] = [
  (a, b) => a === b, (a, b) => a !== b, (a, b) => a < b, (a, b) => signed(a) < signed(b), (a, b) => a >= b, (a, b) => signed(a) >= signed(b),
];

/** Whether the conditional branch at pc is taken with the registers of a step; null when unknown or not a conditional branch. */
function branchTaken(code: Code, pc: number, s: Obj): boolean | null {
  const op = code.op(pc);
  const [ra, rb] = code.registers(pc);
  if (op === null || ra === undefined) return null;
  const a = reg(s, ra);
  if (a === null) return null;
  if (op >= 81 && op <= 90) {
    const x = immediate(code.operands(pc)[1]);
    return x === null ? null : IMM_CONDS[op - 81]?.(a, x) ?? null;
  }
  const b = rb === undefined ? null : reg(s, rb);
  return op >= 170 && op <= 175 && b !== null ? REG_CONDS[op - 170]?.(a, b) ?? null : null;
}

/** One register differs, and it is the destination of an instruction with an opcode of `ops`. */
function aluResult(an: Analysis, ops: ReadonlySet<number>, judge: (op: number, want: bigint, got: bigint) => boolean): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  const d = regDiff(e, a);
  if (code === null || d === null || d.length !== 1 || !sameExcept(e, a, 'regs', 'gas') || !an.gasExplained(e, a)) return false;
  const r = d[0] ?? -1;
  const want = reg(e, r);
  const got = reg(a, r);
  if (want === null || got === null) return false;
  for (const i of code.starts()) {
    const op = code.byte(i);
    if (ops.has(op) && code.registers(i)[0] === r && judge(op, want, got)) return true;
  }
  return false;
}

/** 0001: arithmetic shift rounded toward zero (Lean's Int64 division): one more than the floor of a negative value. */
const sharRounding = (an: Analysis): boolean =>
  aluResult(an, SHAR, (_op, want, got) => (want >> 63n) === 1n && [1n, 2n].includes((got - want) & MASK64));

/** 0002: sign_extend_8/16 that keep the bits above 8/16 (Lean's sext of the whole register). */
const signExtend = (an: Analysis): boolean =>
  aluResult(an, new Set([108, 109]), (op, want, got) => {
    const bits = op === 108 ? 8n : 16n;
    return want >> (bits - 1n) === 0n && ((want ^ got) & ((1n << bits) - 1n)) === 0n;
  });

/**
 * 0055: the ecalli exit reported at the ecalli's own pc (typeberry, anan-as) instead of the next pc,
 * as 0055 decides (0025's decision states it too; 0025's own point, the id as the low 32 bits, has no
 * observable alternative in a u32 field).
 */
function ecalliExit(an: Analysis): boolean {
  if (!an.stepDiffers || an.jar1Program) return false;
  const { e, a } = an;
  const code = an.code(e.vm);
  const pc = int(e.pc);
  if (code === null || pc === null || exitKind(e) !== 'ecalli' || exitKind(a) !== 'ecalli') return false;
  const at = code.prevOf(pc);
  return at !== null && code.op(at) === 10 && a.pc === at && sameExcept(e, a, 'pc', 'gas') && an.gasExplained(e, a);
}

/** 0023: a fault, panic or trap reported at pc 0 (Lean's kernel takes the default nextPC) instead of the stopping instruction's. */
function pcAfterFault(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const pc = int(e.pc);
  const code = an.code(e.vm);
  const kind = exitKind(e);
  if (code === null || pc === null || (kind !== 'fault' && kind !== 'panic' && kind !== 'trap') || !sameExcept(e, a, 'pc', 'gas')) return false;
  if (pc === 0 || a.pc !== 0 || !an.gasExplained(e, a)) return false;
  // Unless the VM ran under the kernel (where Lean keeps the pc), the instruction at 0 must not be one
  // that could have stopped the run that way itself.
  const name = code.name(0);
  const op = code.op(0);
  const couldStop = op === null || name === 'invalid' || op === 0 || isMemoryName(name) || isStaticJump(op) || isDynamicJump(op);
  return an.jar1Program || !couldStop;
}

/**
 * 0011: an out-of-gas exit where the kit runs on, that block gas cannot produce: with gas left, or in the
 * middle of a block (Lean's step fuel of gas + 1 instructions runs out inside a cheap block).
 */
function stepFuel(an: Analysis): boolean {
  if (!an.stepDiffers || an.ctx.profile !== 'jar1') return false;
  const { e, a } = an;
  const ga = big(a.gas);
  const pc = int(a.pc);
  const kind = exitKind(e);
  if (kind === null || kind === 'oog' || exitKind(a) !== 'oog' || ga === null || pc === null) return false;
  // (Not at an ecalli or ecall: there the kernel's own charge can stop a VM inside a block.)
  const code = an.code(a.vm);
  const op = code?.op(pc) ?? null;
  return op !== 3 && op !== 10 && (ga > 0n || code?.isBlockStart(pc) === false);
}

/** A jar1 step that differs in gas only. */
function jar1GasOnly(an: Analysis): boolean {
  return an.stepDiffers && an.ctx.profile === 'jar1' && sameExcept(an.e, an.a, 'gas') && an.tailOk;
}

/** 0012: memCycles from the memory_pages tier (here > 2048 pages) versus a constant 25. */
function memCyclesTier(an: Analysis): boolean {
  const ge = big(an.e.gas);
  const ga = big(an.a.gas);
  // A constant 25 is below every higher tier: the target charged less, for a block with a load or store.
  if (!jar1GasOnly(an) || ge === null || ga === null || ga <= ge) return false;
  const code = an.code(an.e.vm);
  if (code === null || !an.chargedBlock(an.e).some((i) => isMemoryName(code.name(i)))) return false;
  if (an.ctx.kind === 'isa') {
    const pages = int(field(an.ctx.input, 'memoryPages'));
    return pages !== null && pages > 2048;
  }
  const cycles = int(an.initial.memCycles);
  return cycles !== null && cycles !== 25;
}

/** 0013: the rows where Lean's and Rust's cost tables differ: 101, 111, missing operand bytes, clamped shift registers. */
function costTable(an: Analysis): boolean {
  if (!jar1GasOnly(an)) return false;
  const code = an.code(an.e.vm);
  if (code === null) return false;
  for (const i of an.chargedBlock(an.e)) {
    const op = code.byte(i);
    if (op === 101 || op === 111) return true;
    const n = registerBytes(op);
    if (n > 0 && i + n >= code.length) return true;
    const b1 = code.byte(i + 1);
    if (THREE_REG_SHIFTS.has(op) && ((b1 & 15) > 12 || b1 >> 4 > 12)) return true;
  }
  return false;
}

/** 0010: out of gas: gas 0 and pc at the start of the block that could not be paid. */
function gasAfterOog(an: Analysis): boolean {
  if (!an.stepDiffers) return false;
  const { e, a } = an;
  const pcE = int(e.pc);
  const pcA = int(a.pc);
  if (exitKind(e) !== 'oog' || exitKind(a) !== 'oog' || pcE === null || pcA === null) return false;
  if (pcA === pcE) return sameExcept(e, a, 'gas') && an.tailOk;
  if (pcA === 0) return sameExcept(e, a, 'pc') && an.tailOk;
  // It ran into the block and stopped where it could not pay an instruction (gp: per instruction).
  return pcA > pcE && (an.ctx.profile === 'gp' ? an.ranIntoUnpaidBlock(e, a) : an.code(e.vm)?.sameBlock(pcE, pcA) === true);
}

/** 0026: gp gas charged per block at entry (the target: per instruction as it executes). */
function gpGas(an: Analysis): boolean {
  if (!an.stepDiffers || an.ctx.profile !== 'gp') return false;
  const { e, a } = an;
  const kind = exitKind(e);
  if ((kind === 'fault' || kind === 'panic' || kind === 'trap') && sameExcept(e, a, 'gas') && an.tailOk) return an.perInstructionGas(e, a);
  // Out of gas at a block entry here; the target ran into the block and stopped (out of gas or otherwise) inside it.
  const pcE = int(e.pc);
  const pcA = int(a.pc);
  const kindA = exitKind(a);
  // (Not a trap: a block run to its end was paid in full either way.)
  if (kind !== 'oog' || pcE === null || pcA === null || !['oog', 'fault', 'panic'].includes(kindA ?? '')) return false;
  return an.ranIntoUnpaidBlock(e, a);
}

// ---- loading (jar1 program and decode) ----

const head = (an: Analysis, side: 'exp' | 'act'): Obj => an[side].head;
const accepted = (h: Obj): boolean | null => (typeof h.accepted === 'boolean' ? h.accepted : null);
const argsLength = (an: Analysis): number => {
  const b = bytesOf(field(an.ctx.input, 'args'));
  return b === null ? 0 : b.length;
};
const blobBytes = (an: Analysis): Uint8Array | null => bytesOf(field(an.ctx.input, 'blob'));
const isJar1Load = (an: Analysis): boolean => an.ctx.profile === 'jar1' && (an.jar1Program || an.ctx.kind === 'decode');

/** Non-empty args that the manifest cannot take (no DATA cap in slot 0, or too small), 0022. */
function argsUnplaceable(an: Analysis): boolean {
  const n = argsLength(an);
  if (!an.jar1Program || n === 0) return false;
  const blob = blobBytes(an);
  const pages = blob === null ? null : slot0DataPages(blob);
  return pages === null || pages * 4096 < n;
}

/** The model loaded the program and ran out of gas paying the init charge (0021, 0053). */
function initOutOfGas(an: Analysis): boolean {
  const init = big(head(an, 'exp').initGas);
  const gas = big(field(an.ctx.input, 'gas'));
  const first = an.exp.steps[0];
  return an.jar1Program && accepted(head(an, 'exp')) === true && init !== null && gas !== null && init > gas && first !== undefined && stopsAt(first, 'oog', 0);
}

/** 0031: the JAR magic 'J','A','R',2 (not Capability.lean's 'H','A','R',2). */
function jarMagic(an: Analysis): boolean {
  if (!isJar1Load(an) || an.headEqual) return false;
  const blob = blobBytes(an);
  if (blob === null || blob.length < 4 || blob[1] !== 0x41 || blob[2] !== 0x52 || blob[3] !== 0x02) return false;
  const e = head(an, 'exp');
  const a = head(an, 'act');
  if (blob[0] === 0x48) return e.class === 'bad_magic' && accepted(a) === true;
  return blob[0] === 0x4a && accepted(e) === true && accepted(a) === false && a.class === 'bad_magic';
}

/** 0022: args placement: unplaceable args rejected; φ8 = 0 without args (Lean: the slot-0 base). */
function argsPlacement(an: Analysis): boolean {
  if (!an.jar1Program) return false;
  const e = head(an, 'exp');
  if (!an.headEqual) return accepted(e) === false && e.class === 'out_of_bounds' && accepted(head(an, 'act')) === true && argsUnplaceable(an);
  if (!an.stepDiffers || argsLength(an) !== 0 || !sameExcept(an.e, an.a, 'regs')) return false;
  const d = regDiff(an.e, an.a);
  if (d === null || d.length !== 1 || d[0] !== 8 || reg(an.e, 8) !== 0n) return false;
  const slots = field(an.initialVm(0), 'slots');
  const slot0: unknown = Array.isArray(slots) ? slots.find((s: unknown) => field(s, 'slot') === 0) : undefined;
  const base = int(field(field(slot0, 'cap'), 'base'));
  return field(field(slot0, 'cap'), 'kind') === 'data' && base !== null && base > 0 && reg(an.a, 8) === BigInt(base) * 4096n;
}

/** 0053: kernel init: a short init charge is an out-of-gas run (not Rust's load error, which has no class here); at most 5 CODE caps. */
function kernelInit(an: Analysis): boolean {
  if (!isJar1Load(an) || an.headEqual) return false;
  const e = head(an, 'exp');
  const a = head(an, 'act');
  if (initOutOfGas(an) && accepted(a) === false && a.class === null) return true;
  return (e.class === 'too_many_code_caps' && accepted(a) === true) || (accepted(e) === true && a.class === 'too_many_code_caps');
}

/** 0021: 1500 gas per DATA page charged at init, Σ DATA pages ≤ memory_pages. */
function initGas(an: Analysis): boolean {
  if (!isJar1Load(an)) return false;
  const e = head(an, 'exp');
  const a = head(an, 'act');
  if (accepted(e) === false) return e.class === 'too_many_pages' && accepted(a) === true;
  if (!an.jar1Program || accepted(a) !== true) return false;
  const ie = big(e.initGas);
  const ia = big(a.initGas);
  if (ie === null || ia === null) return false;
  if (ie !== ia) return (ie > ia ? ie - ia : ia - ie) % 1500n === 0n;
  if (initOutOfGas(an)) return an.k === 0 && wellFormed(an.a);
  if (!an.stepDiffers || !sameExcept(an.e, an.a, 'gas') || ie === 0n) return false;
  const ge = big(an.e.gas);
  const ga = big(an.a.gas);
  return ge !== null && ga !== null && ga - ge === ie;
}

/** Little-endian u32 at `at` (0 past the end). */
const u32le = (b: Uint8Array, at: number): number => ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;

/** The raw 19-byte entries of a JAR v2 manifest and its data section's start, or null when cut short. */
function manifestEntries(b: Uint8Array | null): { type: number; basePage: number; pageCount: number; offset: number; length: number }[] | null {
  if (b === null || b.length < 10) return null;
  const count = b[8] ?? 0;
  const dataAt = 10 + 19 * count;
  if (b.length < dataAt) return null;
  return Array.from({ length: count }, (_, k) => {
    const at = 10 + 19 * k;
    return { type: b[at + 1] ?? 0, basePage: u32le(b, at + 2), pageCount: u32le(b, at + 6), offset: dataAt + u32le(b, at + 11), length: u32le(b, at + 15) };
  });
}

/** A jar1 CODE sub-blob whose last instruction (bitmask) is ecall (3). */
function subBlobEndsWithEcall(b: Uint8Array): boolean {
  if (b.length < 9) return false;
  const codeLen = u32le(b, 5);
  const codeAt = 9 + u32le(b, 0) * (b[4] ?? 0);
  const maskAt = codeAt + codeLen;
  if (codeLen === 0 || b.length < maskAt + Math.ceil(codeLen / 8)) return false;
  const start = (i: number): boolean => (((b[maskAt + (i >>> 3)] ?? 0) >>> (i & 7)) & 1) === 1;
  let last = codeLen - 1;
  while (last > 0 && !start(last)) last--;
  return start(last) && b[codeAt + last] === 3;
}

/** 0056: code ending with ecall is rejected at load (Lean `Decode.isTerminator`); Rust loads it. */
function ecallEndsCodeBlob(an: Analysis): boolean {
  if (!isJar1Load(an) || an.headEqual) return false;
  const e = head(an, 'exp');
  const a = head(an, 'act');
  if (accepted(e) !== false || e.class !== 'invalid_code' || accepted(a) !== true) return false;
  const blob = blobBytes(an);
  if (blob === null) return false;
  if (field(an.ctx.input, 'format') === 'code_blob') return subBlobEndsWithEcall(blob);
  return (manifestEntries(blob) ?? []).some((c) => c.type === 0 && subBlobEndsWithEcall(blob.subarray(c.offset, c.offset + c.length)));
}

/** 0058: duplicate slots, overlapping DATA caps, data longer than its cap, pages past 2^20: rejected, though both sources load them. */
function manifestRejections(an: Analysis): boolean {
  if (!isJar1Load(an) || an.headEqual) return false;
  const e = head(an, 'exp');
  const a = head(an, 'act');
  const data = (manifestEntries(blobBytes(an)) ?? []).filter((c) => c.type === 1);
  if (accepted(e) === true) return accepted(a) === false && a.class === 'overlapping_pages' && data.some((c) => c.pageCount === 0); // a 0-page cap overlaps nothing
  if (accepted(e) !== false || accepted(a) !== true) return false;
  if (e.class === 'duplicate_cap' || e.class === 'overlapping_pages') return true;
  return e.class === 'out_of_bounds' && data.some((c) => c.length > c.pageCount * 4096 || c.basePage + c.pageCount > 2 ** 20);
}

/** 0059: gp deblob: z = 0 only with an empty table, z > 4 rejected, nothing after the bitmask (Lean and anan-as differ). */
function gpDeblob(an: Analysis): boolean {
  if (an.ctx.profile !== 'gp' || an.ctx.kind !== 'decode' || an.headEqual) return false;
  const e = head(an, 'exp');
  const a = head(an, 'act');
  if (accepted(e) === false && accepted(a) === true) return e.class === 'trailing_bytes' || e.class === 'bad_entry_size';
  return accepted(e) === true && accepted(a) === false && a.class === 'bad_entry_size';
}

/** 0019: blob validation: jar1 bounds and basic-block validation; gp: structure only. */
function blobValidation(an: Analysis): boolean {
  if (an.headEqual || !(an.jar1Program || an.ctx.kind === 'decode')) return false;
  const e = head(an, 'exp');
  const a = head(an, 'act');
  if (accepted(e) === false && accepted(a) === true) {
    return an.ctx.profile === 'jar1' && (e.class === 'invalid_code' || e.class === 'out_of_bounds') && !argsUnplaceable(an);
  }
  if (accepted(e) !== true || accepted(a) !== false) return false;
  if (a.class === 'invalid_code' || (an.ctx.profile === 'jar1' && a.class === 'out_of_bounds')) return true;
  if (a.class !== null) return false;
  // A rejection without a class: only when the accepted image shows what 0019 lets pass.
  const code = codeOfJson(e.image);
  if (code === null) return false;
  const table = code.image.jumpTable;
  if (an.ctx.profile === 'jar1') return table.includes(0) || codeBlobHasTrailingBytes(blobBytes(an), code);
  const last = [...code.starts()].at(-1);
  return last === undefined || !isTerminator(code.byte(last)) || table.some((t) => !code.isStart(t));
}

/** A CODE sub-blob (u32 |j|, u8 z, u32 |c|, table, code, bitmask) with bytes after its bitmask. */
function codeBlobHasTrailingBytes(blob: Uint8Array | null, code: Code): boolean {
  if (blob === null || blob.length < 9) return false;
  const z = blob[4] ?? 0;
  return blob.length > 9 + code.image.jumpTable.length * z + code.length + Math.ceil(code.length / 8);
}

// ---- the kernel (jar1 program runs) ----

/** 0020: a DATA cap maps exactly [base, base + count); Lean maps up to 2·base + count, so the access there went through. */
function initCapMapping(an: Analysis): boolean {
  if (!an.stepDiffers || !an.jar1Program) return false;
  const { e, a } = an;
  const address = big(field(e.exit, 'address'));
  const pc = int(e.pc);
  const pcA = int(a.pc);
  const ge = big(e.gas);
  const ga = big(a.gas);
  if (exitKind(e) !== 'fault' || address === null || pc === null || pcA === null || ge === null || ga === null) return false;
  // The target ran on past the access (and so used no less gas).
  if (a.vm !== e.vm || pcA <= pc || ga > ge || an.pageAccess(e.vm, address) !== null) return false;
  const page = address / 4096n;
  const slots = field(an.initialVm(e.vm), 'slots');
  return (Array.isArray(slots) ? slots : []).some((s: unknown) => {
    const cap = field(s, 'cap');
    const base = int(field(cap, 'base'));
    const count = int(field(cap, 'pages'));
    return field(cap, 'kind') === 'data' && base !== null && count !== null && base > 0 && page >= BigInt(base + count) && page < BigInt(2 * base + count);
  });
}

/**
 * 0037: ecalli with an immediate above 127: the root VM panics at it (status 5), with no dispatch charge
 * and its registers untouched. The target panicked there with φ7 = the immediate or other gas (Lean,
 * both sources write φ7), or ran on past it (Rust) without running out of gas.
 */
function ecalliOver127(an: Analysis): boolean {
  if (!an.stepDiffers || !an.jar1Program) return false;
  const { e, a } = an;
  const pc = int(e.pc);
  const pcA = int(a.pc);
  const code = an.code(e.vm);
  const ge = big(e.gas);
  const ga = big(a.gas);
  if (exitKind(e) !== 'panic' || pc === null || pcA === null || code === null || ge === null || ga === null || code.op(pc) !== 10 || code.ecalliId(pc) <= 127) return false;
  if (a.vm !== e.vm) return false;
  if (stopsAt(a, 'panic', pc)) {
    // φ7 := the immediate (as both sources write it before faulting), or the 10-gas dispatch charged.
    const d = regDiff(e, a);
    const r7 = reg(a, 7);
    const id = BigInt(code.ecalliId(pc));
    const imm = [id, id >= 0x80000000n ? id | 0xffffffff00000000n : id];
    if (d === null) return false;
    return (d.length === 1 && d[0] === 7 && r7 !== null && imm.includes(r7) && ga === ge) || (d.length === 0 && ge - ga === 10n);
  }
  return exitKind(a) !== 'oog' && pcA > pc && ga <= ge;
}

/**
 * 0034: the kernel's own charge (dispatch, CALL overhead) short: out of gas with gas 0 and the pc kept at
 * the ecalli/ecall. The target reported the pc after it (Lean), kept the gas, or ran on (Rust).
 */
function kernelOutOfGas(an: Analysis): boolean {
  if (!an.stepDiffers || !an.jar1Program) return false;
  const { e, a } = an;
  const pc = int(e.pc);
  const pcA = int(a.pc);
  const code = an.code(e.vm);
  if (exitKind(e) !== 'oog' || pc === null || pcA === null || code === null || a.vm !== e.vm) return false;
  const op = code.op(pc);
  if (op !== 3 && op !== 10) return false;
  // Lean: nothing else differs; and the next instruction charges nothing of the kernel's itself (else an
  // out-of-gas there is the same answer from a target that did the operation).
  const nextOp = code.op(code.next(pc));
  if (stopsAt(a, 'oog', code.next(pc)) && sameExcept(e, a, 'pc') && nextOp !== 3 && nextOp !== 10) return true;
  // A core out-of-gas stops only at a block start; elsewhere it must be the kernel's charge.
  if (code.isBlockStart(pc)) return false;
  return (stopsAt(a, 'oog', pc) && sameExcept(e, a, 'gas')) || (exitKind(a) !== 'oog' && pcA > pc);
}

/**
 * 0048: every protocol CALL exits to the host. The recompiler answers GAS (id 1) inside while slot 1 is
 * original: no exit there, the run goes on with 10 gas paid.
 */
function protocolExit(an: Analysis): boolean {
  if (!an.stepDiffers || !an.jar1Program) return false;
  const { e, a } = an;
  const kind = exitKind(a);
  const pcA = int(a.pc);
  const pc = int(e.pc);
  const ge = big(e.gas);
  const ga = big(a.gas);
  if (exitKind(e) !== 'protocol' || field(e.exit, 'id') !== 1 || pc === null || pcA === null || ge === null || ga === null) return false;
  return kind !== 'protocol' && kind !== 'oog' && a.vm === e.vm && pcA >= pc && ga < ge;
}

/** Every detector, most specific first. */
export const DETECTORS: readonly NoteDetector[] = [
  detector('0015', 'sbrk (101) is an invalid opcode', sbrk),
  detector('0014', 'ecall (3) ends a gas block', ecallTerminator),
  detector('0028', 'the terminator set (unlikely, ecall, ecalli)', terminatorSet),
  detector('0003', 'ThreeReg destination byte is min(12, B2)', threeRegDestination),
  detector('0024', 'skip is capped at 24', skipCap),
  detector('0016', 'pc = |c| traps', pcPastEnd),
  detector('0017', 'an invalid opcode panics at its pc', invalidOpcode),
  detector('0018', 'entry at an invalid pc: charge the block, then panic', invalidEntry),
  detector('0037', 'ecalli above 127 faults the VM (root: panic)', ecalliOver127),
  detector('0040', 'halt address under the kernel', haltUnderKernel),
  detector('0034', 'kernel charge short: oog at the ecalli', kernelOutOfGas),
  detector('0048', 'protocol caps exit to the host', protocolExit),
  detector('0020', 'a DATA cap maps exactly its pages', initCapMapping),
  detector('0009', 'a write to a read-only page faults, all or nothing', memoryEnforcement),
  detector('0027', 'gp guard zone below 0x10000', guardZone),
  detector('0008', 'addresses are reduced mod 2^32', addressWidth),
  detector('0007', 'a fault reports the page base', faultAddress),
  detector('0004', 'load_imm_jump_ind: old rB, write kept on panic', loadImmJumpInd),
  detector('0005', 'dynamic jump rules', djumpRules),
  detector('0006', 'static targets must start a basic block', branchTarget),
  detector('0001', 'arithmetic right shift rounds down', sharRounding),
  detector('0002', 'sign_extend_8/16 truncate first', signExtend),
  detector('0055', 'a host-call exit reports the next pc', ecalliExit),
  detector('0023', 'a fault keeps the pc of the instruction', pcAfterFault),
  detector('0011', "Lean's step fuel is not a rule", stepFuel),
  detector('0012', 'memCycles tier from memory_pages', memCyclesTier),
  detector('0013', "Lean's single-pass cost table", costTable),
  detector('0010', 'out of gas: gas 0, pc at the block start', gasAfterOog),
  detector('0026', 'gp gas charged per block at entry', gpGas),
  detector('0031', "JAR magic 'J','A','R',2", jarMagic),
  detector('0022', 'args placement', argsPlacement),
  detector('0053', 'kernel init (init oog, 5 CODE caps)', kernelInit),
  detector('0021', 'jar1 init: 1500 gas per DATA page', initGas),
  detector('0056', 'a jar1 code blob may not end with ecall', ecallEndsCodeBlob),
  detector('0058', 'manifest rejections neither source makes', manifestRejections),
  detector('0059', 'gp deblob: z = 0, trailing bytes', gpDeblob),
  detector('0019', 'blob validation', blobValidation),
];

/** The notes whose question the difference is, most specific first (empty when none applies). */
export function detectNotes(ctx: DiffContext): string[] {
  const an = analyse(ctx);
  const out: string[] = [];
  if (an === null) return out;
  for (const d of DETECTORS) {
    const test = TESTS.get(d);
    if (test !== undefined && run(test, an) && !out.includes(d.note)) out.push(d.note);
  }
  return out;
}
