/**
 * The impl's fast trace: a StepHook on its machine (impl/core/machine.ts) runs the interpreter one
 * instruction at a time and sees the machine's int32 register halves, gas and address space directly,
 * so a record costs a compare of the 13 registers after the instruction (before it only when a run
 * starts: StepHook.enter), no bigint and no snapshot. Kernel transitions arrive through the kernel's
 * TraceSink right after the instruction that caused them. To a file (`--json --out`) a record is
 * encoded as bytes into the writer's buffer with no string and no garbage (writeJson); the same
 * records as objects go to any RecordSink and the reference formatter (record.ts recordJson), whose
 * lines the fast path equals byte for byte (harness/test/trace-fast.test.ts).
 */
import { implCoreFactory, type ImplMachine, type StepHook } from '../../impl/core/index.js';
import type { Decoded } from '../../impl/core/decode.js';
import { EXIT_BUDGET, EXIT_FAULT, EXIT_OOG } from '../../impl/core/api.js';
import { startCore } from '../../impl/index.js';
import { ImplKernel, kernelEngine } from '../../impl/kernel/index.js';
import type { KernelEvent, KernelSession } from '../../vectors/lib/kernel.js';
import { coreExitJson, kernelExitJson } from '../../vectors/lib/format.js';
import type { CoreExit, KernelExit } from '../../vectors/lib/types.js';
import { coreAnswer, kernelOpName, type TraceCase, type TraceLimits } from './case.js';
import { codeInfo, jsonHead, type CodeInfo } from './code-info.js';
import { ascii, piece, putDecAt, putHex64At, putHexByte, putHexNumAt, putPiece, type ByteWriter } from './bytes.js';
import type { ExitJson, KernelJson, RecordSink, StepRecord, TraceSummary } from './record.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };


/** φ as "0x..." from its int32 halves. */
export function hexOf(lo: number, hi: number): string {
  if (hi === 0) return `0x${(lo >>> 0).toString(16)}`;
  return `0x${(hi >>> 0).toString(16)}${(lo >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * Output of the fast path: JSON lines encoded straight into a file buffer, with the step range and
 * VM filter applied here (no record objects or strings are made).
 */
export interface JsonLines {
  readonly out: ByteWriter;
  readonly from: number;
  readonly to: number;
  readonly vm: number | undefined;
}

const J_STEP = piece('{"step":');
const J_COST = piece('","gasCost":"');
/** The cost and gas-after keys of an instruction that cost nothing (its gas after is its gas before). */
const J_COST0 = piece('","gasCost":"0x0","gasAfter":"');
const J_AFTER = piece('","gasAfter":"');
const J_REGS = piece('","regs":["');
const J_REGSEP = piece('","');
const J_REGEND = piece('"]');
const J_WRITTEN = piece(',"written":{"');
/** The end of the gas part and the start of the written registers, when no register file comes between. */
const J_GAS_WRITTEN = piece('","written":{"');
/** The key of a written register: the first one (`7":"`), and one after another (`","7":"`). */
const J_WKEY = Array.from({ length: 13 }, (_, i) => piece(`${i}":"`));
const J_WKEY_NEXT = Array.from({ length: 13 }, (_, i) => piece(`","${i}":"`));
/** Slots of ImplTracer.num: the numbers of a line go to the writers through it. */
const N_STEP = 0;
const N_GAS = 1;
const N_COST = 2;
const N_AFTER = 3;
const N_MEM = 4;
/** `{"step":` as two little-endian words, and `"}` as one 16-bit one. */
const STEP_0 = 0x7473227b;
const STEP_1 = 0x3a227065;
const WEND = 0x7d22;
const J_MEM = piece(',"mem":{"address":');
const J_MEM_BYTES = piece(',"bytes":"');
const J_MEM_END = piece('"}');
/**
 * The most bytes of a JSON line past its head, kernel, exit and error parts: step (16 digits), gas
 * (3 values of up to 18 characters), all 13 registers, 13 written, a store of 8 bytes, and the keys.
 */
const RECORD_MAX = 1024;

/** Writes an ASCII string at p; returns the position after it (the rare gas values above 2^53 - 1). */
function putAscii(buf: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[p + i] = s.charCodeAt(i);
  return p + s.length;
}
/** The bytes of a record from its vm up to its gas value, for a pc (valid while vm and depth stay). */
interface Head {
  readonly vm: number;
  readonly depth: number;
  readonly bytes: Uint8Array;
}
const headBytes = new WeakMap<CodeInfo, (Head | undefined)[]>();

/** The table of JSON heads (vm, depth, pc, op, opName, operands as bytes) of an image, filled on use. */
function headsOf(info: CodeInfo): (Head | undefined)[] {
  let t = headBytes.get(info);
  if (t === undefined) {
    t = [];
    headBytes.set(info, t);
  }
  return t;
}

/**
 * Builds records from the hook's before/after calls. The pending record lives in plain numeric fields
 * until the next instruction starts or the run ends; then it becomes a StepRecord for a sink, or
 * bytes of a JSON line.
 */
export class ImplTracer implements StepHook {
  /** Registers after the last instruction (= before the next, unless something outside changed them). */
  private readonly postL = new Int32Array(13);
  private readonly postH = new Int32Array(13);
  /**
   * Registers before the pending record, filled when a record shows them (fullRegs): postL/postH with
   * the written registers' old values put back; or pinned there for a retried instruction.
   */
  private readonly fullL = new Int32Array(13);
  private readonly fullH = new Int32Array(13);
  private pinned = false;
  /** The numbers of a JSON line on their way to the writers (bytes.ts: no boxed arguments): step, gas, cost, gas after, store address. */
  private readonly num = new Float64Array(5);
  private fresh = true;
  /** A run started since the last instruction (StepHook.enter). */
  private entered = true;
  /** Gas before the next instruction: a number, or -1 with preBig when above 2^53 - 1. */
  private preN = 0;
  private preBig = 0n;
  private readonly infos = new WeakMap<Decoded, CodeInfo>();
  private lastD: Decoded | null = null;
  private lastInfo: CodeInfo | null = null;
  private lastHeads: (Head | undefined)[] = [];
  /** Records go to a RecordSink as objects (else: JSON lines as bytes). */
  private readonly objects: boolean;
  // the pending record
  private has = false;
  private pInfo: CodeInfo | null = null;
  private pHeads: (Head | undefined)[] = [];
  private pVm = 0;
  private pDepth = 0;
  private pPc = 0;
  private pGasN = 0;
  private pAfterN = 0;
  /** Gas strings when a value is above 2^53 - 1 (then pGasN or pAfterN is -1). */
  private pGasS = '';
  private pAfterS = '';
  private pFresh = false;
  private readonly wIdx = new Int8Array(13);
  private readonly wLo = new Int32Array(13);
  private readonly wHi = new Int32Array(13);
  /** The written registers' values before the instruction. */
  private readonly wOldLo = new Int32Array(13);
  private readonly wOldHi = new Int32Array(13);
  private wN = 0;
  /** The bytes the pending store wrote: address (-1: none), width, values (256: unreadable). */
  private pMemAddr = -1;
  private pMemWidth = 0;
  private readonly pMemBytes = new Int16Array(8);
  private pKernel: KernelJson | undefined;
  private pExit: ExitJson | undefined;
  private pOog = false;
  private pFault = false;
  /** A dropped lazy-fault record: the retried instruction keeps its gas before and register file. */
  private retry = false;
  /** The printed range had a gap before the next record shown (JSON mode: it then carries all registers). */
  private gap = true;
  /** Records emitted; instructions started. */
  records = 0;
  instructions = 0;
  vm = 0;
  depth = 0;
  stopped = false;
  note: string | undefined;
  session: KernelSession | null = null;

  constructor(private readonly sink: RecordSink | JsonLines, private readonly limits: TraceLimits) {
    this.objects = 'record' in sink;
  }

  private info(d: Decoded): CodeInfo {
    let i = this.infos.get(d);
    if (i === undefined) {
      i = codeInfo(d.image);
      this.infos.set(d, i);
    }
    return i;
  }

  private gasText(n: number, s: string): string {
    return n >= 0 ? `0x${n.toString(16)}` : s;
  }

  /** The pending store's bytes as hex ("??" for an unreadable byte). */
  private memHex(): string {
    let h = '';
    for (let i = 0; i < this.pMemWidth; i++) {
      const b = this.pMemBytes[i]!;
      h += b > 255 ? '??' : b.toString(16).padStart(2, '0');
    }
    return h;
  }

  /** Hands the pending record on; false when no more are wanted. */
  flush(): boolean {
    if (!this.has) return !this.stopped;
    this.has = false;
    const step = this.records++;
    if (!this.pOog) this.instructions++;
    const big = this.pGasN < 0 || this.pAfterN < 0;
    if (this.objects) {
      const written: (readonly [number, string])[] = [];
      for (let k = 0; k < this.wN; k++) written.push([this.wIdx[k]!, hexOf(this.wLo[k]!, this.wHi[k]!)]);
      const info = this.pInfo!;
      const pc = this.pPc;
      const gas = this.gasText(this.pGasN, this.pGasS);
      const gasAfter = this.gasText(this.pAfterN, this.pAfterS);
      const r: Mutable<StepRecord> = {
        step, vm: this.pVm, depth: this.pDepth, pc, op: info.op[pc] ?? 0, opName: info.opName[pc] ?? 'trap', operands: info.operands[pc] ?? '',
        gas, gasCost: big ? `0x${(BigInt(gas) - BigInt(gasAfter)).toString(16)}` : `0x${(this.pGasN - this.pAfterN).toString(16)}`, gasAfter, written,
      };
      if (this.pFresh) {
        this.fullRegs();
        r.regs = Array.from({ length: 13 }, (_, i) => hexOf(this.fullL[i]!, this.fullH[i]!));
      }
      if (this.pMemAddr >= 0) r.mem = { address: this.pMemAddr, bytes: this.memHex() };
      if (this.pKernel !== undefined) r.kernel = this.pKernel;
      if (this.pExit !== undefined) r.exit = this.pExit;
      if (this.pOog) r.error = 'out of gas';
      this.pinned = false;
      if (!(this.sink as RecordSink).record(r)) this.stopped = true;
      return !this.stopped;
    }
    const o = this.sink as JsonLines;
    if (step >= o.from && step <= o.to && (o.vm === undefined || this.pVm === o.vm)) this.writeJson(o.out, step, big);
    else this.gap = true;
    this.pinned = false;
    if (step >= o.to) this.stopped = true;
    return !this.stopped;
  }

  /** The registers before the pending record into fullL/fullH (unless pinned there for a retried instruction). */
  private fullRegs(): void {
    if (this.pinned) return;
    const fl = this.fullL;
    const fh = this.fullH;
    fl.set(this.postL);
    fh.set(this.postH);
    for (let k = 0; k < this.wN; k++) {
      const i = this.wIdx[k]!;
      fl[i] = this.wOldLo[k]!;
      fh[i] = this.wOldHi[k]!;
    }
  }

  /**
   * The pending record as one JSON line into the buffer (the fast path: one room check, then the bytes
   * at a local position, constants a word at a time; the rare parts are methods of their own so that
   * the common path stays small enough for the JS engine to inline its helpers).
   */
  private writeJson(w: ByteWriter, step: number, big: boolean): void {
    // `,"vm":V,"depth":D,"pc":..,"op":..,"opName":..,"operands":..,"gas":"` is one cached run of bytes per pc (rebuilt when V or D change)
    let head = this.pHeads[this.pPc];
    if (head === undefined || head.vm !== this.pVm || head.depth !== this.pDepth) head = this.newHead();
    const hb = head.bytes;
    w.room(hb.length + RECORD_MAX);
    const buf = w.buf;
    const dv = w.dv;
    let p = w.pos;
    dv.setInt32(p, STEP_0, true); // {"step":
    dv.setInt32(p + 4, STEP_1, true);
    const num = this.num;
    num[N_STEP] = step;
    p = putDecAt(buf, p + 8, num, N_STEP);
    buf.set(hb, p);
    p += hb.length;
    if (big) p = this.putBigGas(buf, dv, p);
    else if (this.pGasN === this.pAfterN) { // no charge: the gas after is the same digits
      const g0 = p;
      num[N_GAS] = this.pGasN;
      p = putHexNumAt(buf, p, num, N_GAS);
      const g1 = p;
      p = putPiece(dv, p, J_COST0);
      for (let i = g0; i < g1; i++) buf[p++] = buf[i]!;
    } else {
      num[N_GAS] = this.pGasN;
      num[N_COST] = this.pGasN - this.pAfterN;
      num[N_AFTER] = this.pAfterN;
      p = putHexNumAt(buf, p, num, N_GAS);
      p = putPiece(dv, p, J_COST);
      p = putHexNumAt(buf, p, num, N_COST);
      p = putPiece(dv, p, J_AFTER);
      p = putHexNumAt(buf, p, num, N_AFTER);
    }
    const wN = this.wN;
    if (this.pFresh || this.gap) {
      p = this.putRegs(buf, dv, p);
      if (wN > 0) p = putPiece(dv, p, J_WRITTEN);
    } else if (wN > 0) p = putPiece(dv, p, J_GAS_WRITTEN);
    else buf[p++] = 34; // "
    if (wN > 0) {
      const idx = this.wIdx;
      const lo = this.wLo;
      const hi = this.wHi;
      for (let k = 0; k < wN; k++) {
        p = putPiece(dv, p, (k === 0 ? J_WKEY : J_WKEY_NEXT)[idx[k]!]!);
        p = putHex64At(buf, p, lo, hi, k);
      }
      dv.setInt16(p, WEND, true); // "}
      p += 2;
    }
    if (this.pMemAddr >= 0) p = this.putMem(buf, dv, p);
    if (this.pKernel !== undefined || this.pExit !== undefined || this.pOog) {
      w.pos = p;
      this.putRare(w); // it may flush the buffer
      p = w.pos;
    }
    buf[p] = 125; // }
    buf[p + 1] = 10;
    w.pos = p + 2;
    this.gap = false;
  }

  /** The JSON head of the pending record's pc, VM and depth, made and cached. */
  private newHead(): Head {
    const head = { vm: this.pVm, depth: this.pDepth, bytes: ascii(`,"vm":${this.pVm},"depth":${this.pDepth}${jsonHead(this.pInfo!, this.pPc)},"gas":"`) };
    this.pHeads[this.pPc] = head;
    return head;
  }

  /** The gas values of the pending record when one is above 2^53 - 1 (from strings). */
  private putBigGas(buf: Uint8Array, dv: DataView, p: number): number {
    const gas = this.gasText(this.pGasN, this.pGasS);
    const after = this.gasText(this.pAfterN, this.pAfterS);
    p = putAscii(buf, p, gas);
    p = putPiece(dv, p, J_COST);
    p = putAscii(buf, p, `0x${(BigInt(gas) - BigInt(after)).toString(16)}`);
    p = putPiece(dv, p, J_AFTER);
    return putAscii(buf, p, after);
  }

  /** The register file before the pending record (`","regs":[...]`, closing the gas value). */
  private putRegs(buf: Uint8Array, dv: DataView, p: number): number {
    this.fullRegs();
    const fl = this.fullL;
    const fh = this.fullH;
    p = putPiece(dv, p, J_REGS);
    p = putHex64At(buf, p, fl, fh, 0);
    for (let i = 1; i < 13; i++) {
      p = putPiece(dv, p, J_REGSEP);
      p = putHex64At(buf, p, fl, fh, i);
    }
    return putPiece(dv, p, J_REGEND);
  }

  /** The bytes the pending store wrote (`,"mem":{...}`). */
  private putMem(buf: Uint8Array, dv: DataView, p: number): number {
    p = putPiece(dv, p, J_MEM);
    this.num[N_MEM] = this.pMemAddr;
    p = putDecAt(buf, p, this.num, N_MEM);
    p = putPiece(dv, p, J_MEM_BYTES);
    for (let i = 0; i < this.pMemWidth; i++) p = putHexByte(buf, p, this.pMemBytes[i]!);
    return putPiece(dv, p, J_MEM_END);
  }

  /** The kernel transition, exit and error of the pending record (strings: a few records of a run have them). */
  private putRare(w: ByteWriter): void {
    if (this.pKernel !== undefined) w.text(`,"kernel":${JSON.stringify(this.pKernel)}`);
    if (this.pExit !== undefined) w.text(`,"exit":${JSON.stringify(this.pExit)}`);
    if (this.pOog) w.text(',"error":"out of gas"');
    w.room(2);
  }

  /** A run starts: the first instruction compares the registers with the last after. */
  enter(): void {
    this.entered = true;
  }

  /** Registers changed since the last instruction: the next record carries them all. */
  private compareRegs(m: ImplMachine): void {
    const L = m.L;
    const H = m.H;
    const pl = this.postL;
    const ph = this.postH;
    for (let i = 0; i < 13; i++) {
      if (L[i] !== pl[i] || H[i] !== ph[i]) {
        this.fresh = true;
        pl.set(L.subarray(0, 13));
        ph.set(H.subarray(0, 13));
        return;
      }
    }
  }

  before(m: ImplMachine, _d: Decoded): boolean {
    if (this.has) {
      // a fault the kernel answered by materialising a page is no VM outcome: the instruction runs again
      if (this.pFault && this.pKernel === undefined) {
        this.fullRegs(); // the registers before the dropped record stay the retried one's
        this.pinned = true;
        this.has = false;
        this.retry = true;
      } else if (!this.flush()) return false;
    }
    if (this.stopped) return false;
    if (this.records >= this.limits.maxSteps) {
      this.note = `stopped after ${this.limits.maxSteps} records (the step limit)`;
      this.stopped = true;
      return false;
    }
    this.pPc = m.pc;
    if (this.retry) {
      this.retry = false; // the dropped record's gas before, registers before and freshness stand
      return true;
    }
    // the registers before: the last instruction's after, unless something outside changed them (only between runs)
    if (this.entered) {
      this.entered = false;
      this.compareRegs(m);
    }
    this.pFresh = this.fresh;
    this.fresh = false;
    const g = m.gasNumber;
    this.preN = g;
    if (g < 0) this.preBig = m.gas;
    return true;
  }

  after(m: ImplMachine, d: Decoded, exit: number): void {
    const pc = this.pPc;
    if (d !== this.lastD) {
      this.lastD = d;
      this.lastInfo = this.info(d);
      this.lastHeads = headsOf(this.lastInfo);
    }
    const info = this.lastInfo!;
    const L = m.L;
    const H = m.H;
    const pl = this.postL;
    const ph = this.postH;
    let n = 0;
    for (let i = 0; i < 13; i++) {
      const l = L[i]!;
      const h = H[i]!;
      if (l !== pl[i] || h !== ph[i]) {
        this.wIdx[n] = i;
        this.wOldLo[n] = pl[i]!;
        this.wOldHi[n] = ph[i]!;
        this.wLo[n] = l;
        this.wHi[n++] = h;
        pl[i] = l;
        ph[i] = h;
      }
    }
    this.wN = n;
    const postN = m.gasNumber;
    this.pGasN = this.preN;
    this.pAfterN = postN;
    if (this.preN < 0) this.pGasS = `0x${this.preBig.toString(16)}`;
    if (postN < 0) this.pAfterS = `0x${m.gas.toString(16)}`;
    this.pOog = exit === EXIT_OOG && m.steps === 0;
    this.pFault = exit === EXIT_FAULT;
    const width = info.storeWidth[pc] ?? 0;
    if (width > 0 && exit === EXIT_BUDGET) { // a store that completed (a failed one exits: fault, or panic in the gp guard zone)
      const base = info.storeBase[pc]!;
      const address = ((base < 0 ? 0 : L[base]!) + info.storeOffset[pc]!) >>> 0;
      this.pMemAddr = address;
      this.pMemWidth = width;
      for (let i = 0; i < width; i++) {
        const a = (address + i) >>> 0;
        const page = m.mem.page(a >>> 12);
        this.pMemBytes[i] = page === undefined ? 256 : page[a & 4095]!;
      }
    } else this.pMemAddr = -1;
    this.pInfo = info;
    this.pHeads = this.lastHeads;
    this.pVm = this.vm;
    this.pDepth = this.depth;
    this.pKernel = undefined;
    this.pExit = undefined;
    this.has = true;
  }

  /** The kernel's transition after the pending instruction (impl kernel TraceSink). */
  onEvent(e: KernelEvent): void {
    const depth = this.session instanceof ImplKernel ? this.session.state.stack.length : this.depth;
    const k: KernelJson = {
      cause: e.cause, arg: e.arg, name: kernelOpName(e.cause, e.arg), active: e.active, depth, gas: `0x${e.gas.toString(16)}`, r7: `0x${e.r7.toString(16)}`, r8: `0x${e.r8.toString(16)}`,
    };
    if (this.has) this.pKernel = k;
    this.vm = e.active;
    this.depth = depth;
  }

  /** The run stopped: its exit goes on the pending record. */
  exit(x: ExitJson | null): void {
    if (this.has && x !== null) this.pExit = x;
    this.flush();
  }

  /** The registers changed from outside (a host answer): the next record carries them all. */
  touched(): void {
    this.fresh = true;
  }
}

const coreExit = (e: CoreExit | null): ExitJson | null => coreExitJson(e) as ExitJson | null;
const kernelExit = (e: KernelExit | null): ExitJson | null => kernelExitJson(e) as ExitJson | null;

/** Traces a case on the impl (interpreter tier, hooked); records go to the sink (or straight to JSON lines); returns the summary. */
export function traceImpl(c: TraceCase, sink: RecordSink | JsonLines, limits: TraceLimits): TraceSummary {
  const t = new ImplTracer(sink, limits);
  if (c.kind === 'core') {
    const s = startCore(c.input, { tier: 'interp', hook: t });
    let answered = 0;
    let last: ExitJson | null = null;
    for (;;) {
      const r = s.run();
      last = coreExit(r.exit);
      t.exit(last);
      if (r.exit === null) break;
      if (r.exit.kind !== 'ecalli' && r.exit.kind !== 'ecall') break;
      const next = coreAnswer(c.host, answered);
      if (!('answer' in next)) {
        if (next.note !== undefined) t.note = next.note;
        break;
      }
      answered++;
      s.setReg(7, next.answer.r7);
      s.setReg(8, next.answer.r8);
      t.touched();
    }
    return {
      engine: 'impl', profile: c.profile, exit: last, steps: t.instructions, records: t.records,
      gasUsed: `0x${(c.input.gas - s.gas).toString(16)}`, gasLeft: `0x${s.gas.toString(16)}`, ...(t.note ? { note: t.note } : {}),
    };
  }
  const factory = { ...implCoreFactory, createMachine: (profile: 'jar1' | 'gp') => implCoreFactory.createMachine(profile, { tier: 'interp', hook: t }) };
  const loaded = kernelEngine(factory, 'impl').load(c.blob, { gas: c.gas, reg7: c.reg7, ...(c.args.length > 0 ? { args: c.args } : {}), trace: (e) => t.onEvent(e) });
  if (!loaded.ok) return rejected('impl', c, loaded.error.message, loaded.error.class);
  const s = loaded.value;
  t.session = s;
  return kernelLoop(s, c.host, t, 'impl', c.gas);
}

/** The summary of a blob the engine's kernel does not load: no records. */
export function rejected(engine: string, c: Extract<TraceCase, { kind: 'kernel' }>, message: string, cls: string): TraceSummary {
  return { engine, profile: 'jar1', exit: null, steps: 0, records: 0, gasUsed: '0x0', gasLeft: `0x${c.gas.toString(16)}`, note: `the kernel rejects the blob: ${message} [${cls}]` };
}

/** Runs a kernel session to its end, answering protocol exits from `host`; shared by the tracers. */
export function kernelLoop(
  s: KernelSession, host: TraceCase['host'], t: { exit(x: ExitJson | null): void; touched(): void; note: string | undefined; records: number; instructions: number },
  engine: string, gas: bigint,
): TraceSummary {
  let answered = 0;
  let last: ExitJson | null = null;
  for (;;) {
    const r = s.run();
    last = kernelExit(r.exit);
    t.exit(last);
    if (r.exit === null || r.exit.kind !== 'protocol') break;
    const a = host[answered];
    if (a === undefined) break;
    answered++;
    const ended = s.answerProtocolCall(a);
    t.touched();
    if (ended !== null) {
      last = kernelExit(ended);
      t.note = `host answer ${answered - 1} ended the invocation (${ended.kind})`;
      break;
    }
  }
  const snap = s.snapshot();
  const left = snap.vms.reduce((n, vm) => n + vm.gas, 0n);
  return {
    engine, profile: 'jar1', exit: last, steps: t.instructions, records: t.records,
    gasUsed: `0x${(gas - left).toString(16)}`, gasLeft: `0x${left.toString(16)}`, ...(t.note ? { note: t.note } : {}),
  };
}
