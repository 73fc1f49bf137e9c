/**
 * A trace of any engine behind the contract (vectors/lib/engine.ts, kernel.ts) by stepping it one
 * instruction at a time: the model (whose immutable kernel state is read directly), the impl's
 * mutants, anything else. Slower than the impl's hook (a state read per step) but it needs nothing
 * from the engine beyond the contract. Records have the same form and meaning as the impl's.
 */
import { type Program } from '../../model/decode/code.js';
import { programFrom } from '../../model/decode/program.js';
import { blockCost } from '../../model/gas/index.js';
import { coreConfig } from '../../model/profile.js';
import { addressSpace } from '../../model/kernel/memory-caps.js';
import { ModelKernelSession } from '../../model/kernel/engine.js';
import { stackDepth, type KernelState } from '../../model/kernel/state.js';
import type { Engine } from '../engines.js';
import type { KernelEvent, KernelSession, KernelSnapshot } from '../../vectors/lib/kernel.js';
import { coreExitJson } from '../../vectors/lib/format.js';
import { u64 } from '../../vectors/lib/hex.js';
import { PAGE_SIZE, type CodeImage, type CoreSnapshot } from '../../vectors/lib/types.js';
import { coreAnswer, kernelOpName, type TraceCase, type TraceLimits } from './case.js';
import { codeInfo, type CodeInfo } from './code-info.js';
import { kernelLoop, rejected } from './impl.js';
import type { ExitJson, KernelJson, RecordSink, StepRecord, TraceSummary } from './record.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const hexBytes = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** One VM's state as a step sees it. */
interface View {
  readonly vm: number;
  readonly pc: number;
  readonly gas: bigint;
  readonly regs: readonly bigint[];
  readonly code: number;
  readonly blockPaid: boolean;
  readonly depth: number;
}

/** The kernel state between two steps: the model's own state, or any engine's snapshot. */
type World = { readonly model: KernelState } | { readonly snap: KernelSnapshot };

const worldOf = (s: KernelSession): World => (s instanceof ModelKernelSession ? { model: s.state } : { snap: s.snapshot() });
const activeOf = (w: World): number => ('model' in w ? w.model.active : w.snap.active);

function viewOf(w: World, id: number): View | null {
  if ('model' in w) {
    const v = w.model.vms.get(id);
    return v === undefined ? null : { vm: id, pc: v.pc, gas: v.gas, regs: v.regs, code: v.code, blockPaid: v.blockPaid, depth: stackDepth(w.model) };
  }
  const v = w.snap.vms.find((x) => x.id === id);
  return v === undefined ? null : { vm: id, pc: v.pc, gas: v.gas, regs: v.regs, code: v.code, blockPaid: v.blockPaid, depth: w.snap.stack.length };
}

function imageOf(w: World, code: number): CodeImage | undefined {
  return 'model' in w ? w.model.code[code] : w.snap.code[code];
}

/** n bytes at an address of a VM's address space, as hex ("??" for a byte on no mapped page). */
function worldBytes(w: World, vm: number, address: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const a = (address + i) >>> 0;
    const page = Math.floor(a / PAGE_SIZE);
    let bytes: Uint8Array | null | undefined;
    if ('model' in w) {
      const m = addressSpace(w.model, vm).get(page);
      bytes = m === undefined ? undefined : w.model.backing.get(m.backing) ?? null;
    } else {
      const v = w.snap.vms.find((x) => x.id === vm);
      let backing: number | undefined;
      for (const sl of v?.slots ?? []) {
        const c = sl.cap;
        if (c.kind === 'data' && c.base !== null && page >= c.base && c.mapped.includes(page - c.base)) backing = c.backing + page - c.base;
      }
      bytes = backing === undefined ? undefined : w.snap.backing.find((p) => p.page === backing)?.bytes ?? null;
    }
    s += bytes === undefined ? '??' : (bytes?.[a % PAGE_SIZE] ?? 0).toString(16).padStart(2, '0');
  }
  return s;
}

/** Core memory bytes from a snapshot's non-zero chunks (a byte outside every chunk is 0). */
function coreBytes(s: CoreSnapshot, address: number, n: number): string {
  const out = new Uint8Array(n);
  for (const c of s.memory) {
    for (let i = 0; i < n; i++) {
      const a = (address + i) >>> 0;
      if (a >= c.address && a < c.address + c.bytes.length) out[i] = c.bytes[a - c.address]!;
    }
  }
  return hexBytes(out);
}

/** Numbering, the step bound and the sink, shared by both stepping loops. */
class Emitter {
  records = 0;
  instructions = 0;
  stopped = false;
  note: string | undefined;
  private last: readonly bigint[] | null = null;

  constructor(private readonly sink: RecordSink, private readonly limits: TraceLimits) {}

  /** Whether another record may be produced. */
  open(): boolean {
    if (this.stopped) return false;
    if (this.records >= this.limits.maxSteps) {
      this.note = `stopped after ${this.limits.maxSteps} records (the step limit)`;
      this.stopped = true;
    }
    return !this.stopped;
  }

  /** A record from the state before an instruction and its registers after. */
  emit(r: Mutable<StepRecord>, before: readonly bigint[], after: readonly bigint[] | null): void {
    const same = this.last !== null && this.last.every((v, i) => v === before[i]);
    if (!same) r.regs = before.map(u64);
    const written: [number, string][] = [];
    if (after !== null) after.forEach((v, i) => { if (v !== before[i]) written.push([i, u64(v)]); });
    r.written = written;
    this.last = after ?? before;
    r.step = this.records++;
    if (r.error === undefined) this.instructions++;
    if (!this.sink.record(r)) this.stopped = true;
  }

  /** The registers changed from outside (a host answer): the next record carries them all. */
  touched(): void {
    this.last = null;
  }
}

function base(view: View, info: CodeInfo, gasAfter: bigint): Mutable<StepRecord> {
  const pc = view.pc;
  return {
    step: 0, vm: view.vm, depth: view.depth, pc, op: info.op[pc] ?? 0, opName: info.opName[pc] ?? 'trap', operands: info.operands[pc] ?? '',
    gas: u64(view.gas), gasCost: u64(view.gas - gasAfter), gasAfter: u64(gasAfter), written: [],
  };
}

/** Traces a core case (isa, gp program or blob) on any engine with sessions. */
function traceCore(engine: Engine, c: Extract<TraceCase, { kind: 'core' }>, sink: RecordSink, limits: TraceLimits): TraceSummary {
  const e = new Emitter(sink, limits);
  const start = engine.core.start;
  if (start === undefined) throw new Error(`engine ${engine.name} offers no core sessions to step`);
  const s = start.call(engine.core, c.input);
  const info = codeInfo(c.input.image);
  let answered = 0;
  let last: ExitJson | null = null;
  const regs = (): bigint[] => Array.from({ length: 13 }, (_, i) => s.getReg(i));
  while (e.open()) {
    const view: View = { vm: 0, pc: s.pc, gas: s.gas, regs: regs(), code: 0, blockPaid: false, depth: 0 };
    const r = s.run(1);
    if (r.steps === 0 && r.exit === null) {
      e.note = 'the engine made no progress';
      break;
    }
    const rec = base(view, info, s.gas);
    const after = regs();
    const width = info.storeWidth[view.pc] ?? 0;
    if (r.steps === 0) rec.error = 'out of gas';
    else if (width > 0 && r.exit === null) { // a store that completed (a failed one exits)
      const b = info.storeBase[view.pc]!;
      const address = Number(((b < 0 ? 0n : after[b]!) + BigInt(info.storeOffset[view.pc]!)) & 0xffffffffn);
      rec.mem = { address, bytes: coreBytes(s.snapshot(), address, width) };
    }
    last = coreExitJson(r.exit) as ExitJson | null;
    if (last !== null) rec.exit = last;
    e.emit(rec, view.regs, after);
    if (r.exit === null) continue;
    if (r.exit.kind !== 'ecalli' && r.exit.kind !== 'ecall') break;
    const next = coreAnswer(c.host, answered);
    if (!('answer' in next)) {
      if (next.note !== undefined) e.note = next.note;
      break;
    }
    answered++;
    s.setReg(7, next.answer.r7);
    s.setReg(8, next.answer.r8);
    e.touched();
  }
  return {
    engine: engine.name, profile: c.profile, exit: last, steps: e.instructions, records: e.records,
    gasUsed: u64(c.input.gas - s.gas), gasLeft: u64(s.gas), ...(e.note ? { note: e.note } : {}),
  };
}

/** Per-trace caches of the CODE caps' tables (images do not change during an invocation). */
class Codes {
  private readonly infos = new Map<number, CodeInfo>();
  private readonly programs = new Map<number, Program>();
  constructor(private readonly memCycles: number) {}
  info(w: World, code: number): CodeInfo {
    let i = this.infos.get(code);
    if (i === undefined) {
      const img = imageOf(w, code);
      if (img === undefined) throw new Error(`invariant: no CODE cap ${code}`);
      i = codeInfo(img);
      this.infos.set(code, i);
    }
    return i;
  }
  /** The core's charge for entering the block at pc of a CODE cap (model gas tables). */
  cost(w: World, code: number, pc: number): bigint {
    let p = this.programs.get(code);
    if (p === undefined) {
      const img = imageOf(w, code);
      if (img === undefined) throw new Error(`invariant: no CODE cap ${code}`);
      p = programFrom(img);
      this.programs.set(code, p);
    }
    return blockCost({ ...coreConfig('jar1'), memCycles: this.memCycles }, p, pc);
  }
}

/** Traces a jar1 blob through any engine's kernel. */
function traceKernel(engine: Engine, c: Extract<TraceCase, { kind: 'kernel' }>, sink: RecordSink, limits: TraceLimits): TraceSummary {
  const e = new Emitter(sink, limits);
  let events: KernelEvent[] = [];
  const loaded = engine.kernel.load(c.blob, { gas: c.gas, reg7: c.reg7, ...(c.args.length > 0 ? { args: c.args } : {}), trace: (ev) => events.push(ev) });
  if (!loaded.ok) return rejected(engine.name, c, loaded.error.message, loaded.error.class);
  const s = loaded.value;
  let world = worldOf(s);
  const codes = new Codes('model' in world ? world.model.memCycles : world.snap.memCycles);
  const kernelJson = (ev: KernelEvent, depth: number): KernelJson => ({
    cause: ev.cause, arg: ev.arg, name: kernelOpName(ev.cause, ev.arg), active: ev.active, depth, gas: u64(ev.gas), r7: u64(ev.r7), r8: u64(ev.r8),
  });
  // one step of the kernel: run(1), then the records of what happened
  const step = (): { exit: ReturnType<KernelSession['run']>['exit']; progressed: boolean } => {
    let cur = viewOf(world, activeOf(world));
    events = [];
    const r = s.run(1);
    const after = worldOf(s);
    let k = 0;
    // a VM whose block could not be paid: an out-of-gas record; a child's hands control to its caller
    // (its φ7, φ8 and gas from the event), which may run its instruction in the same run(1)
    while (cur !== null && k < events.length && events[k]!.cause === 'oog' && events[k]!.vm === cur.vm && events[k]!.pc === cur.pc) {
      const ev = events[k]!;
      const last = k === events.length - 1;
      const depth = last && r.steps === 0 ? viewOf(after, ev.active)?.depth ?? 0 : Math.max(0, cur.depth - 1);
      const rec = base(cur, codes.info(world, cur.code), 0n);
      rec.error = 'out of gas';
      rec.kernel = kernelJson(ev, depth);
      if (last && r.steps === 0 && r.exit !== null) rec.exit = kernelExitOf(r.exit);
      e.emit(rec, cur.regs, null);
      k++;
      const parent = ev.active === cur.vm ? null : viewOf(world, ev.active);
      if (parent === null) { cur = null; break; }
      const regs = [...parent.regs];
      regs[7] = ev.r7;
      regs[8] = ev.r8;
      cur = { ...parent, gas: ev.gas, regs, blockPaid: false, depth };
      e.touched();
      if (!e.open()) break;
    }
    if (cur !== null && r.steps > 0 && !e.stopped) {
      const ev = events[k];
      const info = codes.info(world, cur.code);
      const post = viewOf(after, cur.vm);
      let rec: Mutable<StepRecord>;
      let regsAfter: readonly bigint[] | null;
      if (ev === undefined) {
        rec = base(cur, info, post?.gas ?? 0n);
        regsAfter = post?.regs ?? null;
        const width = info.storeWidth[cur.pc] ?? 0;
        if (width > 0 && regsAfter !== null) {
          const b = info.storeBase[cur.pc]!;
          const address = Number(((b < 0 ? 0n : regsAfter[b]!) + BigInt(info.storeOffset[cur.pc]!)) & 0xffffffffn);
          rec.mem = { address, bytes: worldBytes(after, cur.vm, address, width) };
        }
      } else {
        // the core's part of an instruction that made a kernel transition: its block charge; registers only outside ecalli/ecall
        const charged = cur.blockPaid ? 0n : codes.cost(world, cur.code, cur.pc);
        rec = base(cur, info, ev.cause === 'oog' ? 0n : cur.gas - charged);
        regsAfter = ev.cause === 'ecalli' || ev.cause === 'ecall' ? cur.regs : post?.regs ?? cur.regs;
        rec.kernel = kernelJson(ev, viewOf(after, ev.active)?.depth ?? 0);
      }
      if (r.exit !== null) rec.exit = kernelExitOf(r.exit);
      e.emit(rec, cur.regs, regsAfter);
    }
    world = after;
    return { exit: r.exit, progressed: r.steps > 0 || events.length > 0 };
  };
  const stepper: KernelSession = {
    run: () => {
      while (e.open()) {
        const r = step();
        if (r.exit !== null) return { exit: r.exit, steps: 0 };
        if (!r.progressed) {
          e.note = 'the engine made no progress';
          break;
        }
      }
      return { exit: null, steps: 0 };
    },
    resumeProtocolCall: (r7, r8) => s.resumeProtocolCall(r7, r8),
    answerProtocolCall: (a) => {
      const x = s.answerProtocolCall(a);
      world = worldOf(s);
      return x;
    },
    snapshot: () => s.snapshot(),
    initGas: s.initGas,
  };
  return kernelLoop(stepper, c.host, {
    exit: () => undefined, touched: () => e.touched(),
    get note() { return e.note; }, set note(v) { e.note = v; },
    get records() { return e.records; }, get instructions() { return e.instructions; },
  }, engine.name, c.gas);
}

const kernelExitOf = (x: NonNullable<ReturnType<KernelSession['run']>['exit']>): ExitJson => {
  switch (x.kind) {
    case 'halt': return { kind: 'halt', value: u64(x.value) };
    case 'fault': return { kind: 'fault', address: u64(x.address) };
    case 'protocol': return { kind: 'protocol', id: x.id };
    default: return { kind: x.kind };
  }
};

/** Traces a case on any engine by stepping it; records go to the sink; returns the summary. */
export function traceStepping(engine: Engine, c: TraceCase, sink: RecordSink, limits: TraceLimits): TraceSummary {
  return c.kind === 'core' ? traceCore(engine, c, sink, limits) : traceKernel(engine, c, sink, limits);
}
