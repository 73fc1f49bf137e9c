/**
 * Differential test of the kernel engines: the impl kernel (on the model-core test double, and every
 * registered impl engine) against the model. Same blob or pre-state, same step budgets, same host
 * answers: every run's exit and step count, every snapshot in between and the whole trace must be
 * deep-equal. Pre-states are random cap graphs (seeded; JAVM_SEED overrides, the seed is printed) run
 * by random straight-line programs of register loads, ecall/ecalli and memory accesses.
 */
import { describe, expect, test } from 'vitest';
import { kernelViolations } from '../invariants.js';
import {
  ADD_IMM_64, callable, code, codeCap, data, ECALL, ECALLI, handle, kernel, LOAD_IMM_64, LOAD_U8, mappedData, protocol, STORE_U8, TRAP, untyped, vm,
} from '../../model/test/kernel/build.js';
import { fibLoopBlob } from '../../model/test/fixtures/fib-loop.js';
import { fibRecursiveBlob } from '../../vectors/gen/fib-recursive.js';
import { modelKernel } from '../../model/kernel/index.js';
import type { CapSnapshot, KernelEngine, KernelEvent, KernelSession, KernelSnapshot, VmSnapshot } from '../../vectors/lib/kernel.js';
import type { CodeImage, KernelExit } from '../../vectors/lib/types.js';
import { KERNEL_ENGINES } from './support/kernel-engines.js';
import { codeBlob, manifestBlob } from '../../vectors/lib/containers.js';

const SEED = Number(process.env.JAVM_SEED ?? 0x5eed4);
/** Random cases per engine (JAVM_KERNEL_CASES scales a longer campaign). */
const CASES = Number(process.env.JAVM_KERNEL_CASES ?? 60);
console.log(`kernel-diff seed ${SEED} (replay: JAVM_SEED=${SEED} npx vitest run harness/test/kernel-diff.test.ts)`);

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const IMPLS = KERNEL_ENGINES.filter((e) => e.engine !== modelKernel);

interface Drive {
  /** Per run: exit, steps and the snapshot after it. */
  readonly runs: { exit: KernelExit | null; steps: number; snap: KernelSnapshot }[];
  readonly trace: KernelEvent[];
}

/** Runs a session with the given budgets (Infinity = to the end), answering protocol calls from `answers`. */
function drive(make: (trace: (e: KernelEvent) => void) => KernelSession, budgets: readonly number[], answers: readonly [bigint, bigint][]): Drive {
  const trace: KernelEvent[] = [];
  const s = make((e) => trace.push(e));
  const runs: Drive['runs'] = [];
  let answer = 0;
  for (const b of budgets) {
    const r = s.run(b);
    runs.push({ exit: r.exit, steps: r.steps, snap: s.snapshot() });
    if (r.exit?.kind === 'protocol') {
      const [r7, r8] = answers[answer++ % answers.length] ?? [0n, 0n];
      s.resumeProtocolCall(r7, r8);
    } else if (r.exit !== null) break;
  }
  return { runs, trace };
}

/** JSON with key order kept (toEqual ignores it; the canonical snapshot does not): bigints and bytes as hex. */
const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));

/** Compares an impl drive with the model's, run by run, naming the first difference. */
function expectSame(impl: Drive, model: Drive, label: string): void {
  const n = Math.min(impl.runs.length, model.runs.length);
  for (let i = 0; i < n; i++) {
    const a = impl.runs[i];
    const b = model.runs[i];
    expect(a?.exit, `${label}: exit of run ${i}`).toEqual(b?.exit);
    expect(a?.steps, `${label}: steps of run ${i}`).toBe(b?.steps);
    expect(a?.snap, `${label}: snapshot after run ${i}`).toEqual(b?.snap);
    expect(canonical(a?.snap), `${label}: key order of the snapshot after run ${i}`).toBe(canonical(b?.snap));
  }
  expect(canonical(impl.trace), `${label}: key order of the trace`).toBe(canonical(model.trace));
  expect(impl.runs.length, `${label}: number of runs`).toBe(model.runs.length);
  expect(impl.trace, `${label}: trace`).toEqual(model.trace);
}

// ---- random pre-states -------------------------------------------------------------------------------

const SLOTS = [0, 1, 2, 5, 28, 30, 31, 32, 33, 34, 40, 41, 42, 43, 44, 50, 51, 52, 60, 63, 64, 200, 254, 255];
const HOPS = [0, 0, 0, 40, 41, 42, 44, 30, 99];

/** A u32 cap reference: mostly local, sometimes through one or two HANDLE hops. */
function randomRef(r: Rng): number {
  const slot = r.pick(SLOTS);
  const roll = r.int(10);
  if (roll < 6) return slot;
  if (roll < 9) return ((r.pick(HOPS) << 24) | slot) >>> 0;
  return ((r.pick(HOPS) << 24) | (r.pick(HOPS) << 16) | slot) >>> 0;
}

const VALUES: readonly bigint[] = [0n, 1n, 2n, 3n, 5n, 16n, 17n, 20n, 64n, 255n, 1n << 32n, (1n << 32n) | (1n << 30n) | 1n, (1n << 30n) | (1n << 31n), 0xfffffn, 0x100000n, 2n ** 64n - 1n, 2n ** 63n];

/** A value for an ecall/ecalli argument register. */
function randomValue(r: Rng, reg: number): bigint {
  if (reg === 12) return r.int(3) === 0 ? BigInt(randomRef(r)) : (BigInt(randomRef(r)) << 32n) | BigInt(randomRef(r));
  if (r.int(3) === 0) return BigInt(r.int(8));
  return r.pick(VALUES);
}

const ADDRESSES = [16 * 4096, 16 * 4096 + 7, 17 * 4096 + 100, 16 * 4096 + 4095, 17 * 4096, 24 * 4096 + 3, 20 * 4096, 100 * 4096];
const DATA_SLOTS = [30, 31, 0, 50, 51];
const FREE_SLOTS = [50, 51, 52, 0, 60];
const VM_SLOTS = [40, 41, 42, 43, 44];
const REFS_OTHER = (r: Rng): number => (r.int(3) === 0 ? ((r.pick([40, 41, 42, 43]) << 24) | r.pick([...FREE_SLOTS, ...DATA_SLOTS])) >>> 0 : r.pick(FREE_SLOTS));

/** Registers for one kernel call, mostly valid for the op so that the success paths run, sometimes noise. */
function argsFor(r: Rng, op: string): Record<number, bigint> {
  const noise = (v: bigint): bigint => (r.int(6) === 0 ? randomValue(r, 7) : v);
  const sub = (slots: readonly number[]): bigint => BigInt(r.int(5) === 0 ? randomRef(r) : r.pick(slots)) << 32n;
  switch (op) {
    case 'map': return { 11: 2n, 12: sub(DATA_SLOTS), 7: noise(r.pick([16n, 17n, 20n, 24n, 0xffffen])), 8: noise(BigInt(r.int(2))), 9: noise(BigInt(r.int(4))), 10: noise(BigInt(r.int(2))) };
    case 'unmap': return { 11: 3n, 12: sub(DATA_SLOTS), 7: noise(BigInt(r.int(2))), 8: noise(BigInt(r.int(3))) };
    case 'split': return { 11: 4n, 12: sub(DATA_SLOTS) | BigInt(REFS_OTHER(r)), 7: noise(BigInt(1 + r.int(2))) };
    case 'drop': return { 11: 5n, 12: sub([...DATA_SLOTS, ...VM_SLOTS, 32, 2]) };
    case 'move': return { 11: 6n, 12: sub([...DATA_SLOTS, ...VM_SLOTS, 32, 254, 2]) | BigInt(REFS_OTHER(r)) };
    case 'copy': return { 11: 7n, 12: sub([...VM_SLOTS, 32, 33, 254, 2, 30]) | BigInt(REFS_OTHER(r)) };
    case 'downgrade': return { 11: 0x0an, 12: sub(VM_SLOTS) | BigInt(REFS_OTHER(r)) };
    case 'setmax': return { 11: 0x0bn, 12: sub(VM_SLOTS), 7: noise(BigInt(r.int(3000))) };
    case 'resume': return { 11: 0x0dn, 12: sub(VM_SLOTS) };
    case 'dcall': return { 11: 0n, 12: sub([...VM_SLOTS, 2, 5]) | BigInt(r.pick([0, 30, 31, 0, 32])) };
    case 'other': return { 11: r.pick([0x01n, 0x0cn, 0x0en, 0x100000002n]), 12: randomValue(r, 12) };
    case 'call': return { 12: BigInt(r.pick([0, 0, 30, 31, 32, 50])), 7: noise(5n), 8: noise(6n) };
    case 'create': return { 7: noise(r.pick([0n, 1n << 32n, (1n << 32n) | (1n << 2n), 1n << 30n, (1n << 33n) | (1n << 44n)])), 12: BigInt(REFS_OTHER(r)) };
    case 'retype': return { 7: noise(BigInt(r.int(4))), 12: BigInt(REFS_OTHER(r)) };
    default: return { 7: noise(BigInt(r.pick([0, 5, 4090, 8000]))), 8: noise(BigInt(r.pick([1, 3, 200, 5000]))), 9: noise(BigInt(r.pick([0, 7, 4095]))), 12: BigInt(r.pick([30, 31, 0, 50, (40 << 24) | 30])) };
  }
}

const ECALL_OPS = ['map', 'map', 'unmap', 'split', 'drop', 'move', 'move', 'copy', 'downgrade', 'setmax', 'resume', 'resume', 'dcall', 'dcall', 'other'];
const ECALLI_OPS: readonly [string, readonly number[]][] = [
  ['call', VM_SLOTS], ['call', VM_SLOTS], ['create', [32, 33]], ['retype', [60, 60, 254]], ['copydata', [30, 31, 0]], ['reply', [0]], ['reply', [0]], ['odd', [1, 2, 200, 60]],
];

/** A straight-line program of kernel calls (registers set per op) and memory accesses; trap at the end. */
function randomCode(r: Rng): CodeImage {
  const instrs: string[] = [];
  const items = 3 + r.int(8);
  for (let k = 0; k < items; k++) {
    const roll = r.int(10);
    if (r.int(8) === 0) {
      const reg = r.pick([1, 2, 3]);
      instrs.push(r.int(2) === 0 ? STORE_U8(reg, r.pick(ADDRESSES)) : LOAD_U8(reg, r.pick(ADDRESSES)));
      if (r.int(2) === 0) instrs.push(ADD_IMM_64(reg, reg, 1 + r.int(200)));
      continue;
    }
    const dynamic = roll < 6;
    const [op, slots] = dynamic ? [r.pick(ECALL_OPS), [] as readonly number[]] : r.pick(ECALLI_OPS);
    for (const [reg, v] of Object.entries(argsFor(r, op))) instrs.push(LOAD_IMM_64(Number(reg), v));
    instrs.push(dynamic ? ECALL : ECALLI(r.pick(slots)));
  }
  instrs.push(r.int(3) === 0 ? TRAP : ECALLI(0));
  instrs.push(TRAP);
  return code(...instrs);
}

/** A random kernel: root VM 0 and children 1..4, DATA/CODE/HANDLE/CALLABLE/protocol/UNTYPED caps, some backing bytes. */
function randomKernel(r: Rng): KernelSnapshot {
  const codes = [randomCode(r), randomCode(r), randomCode(r)];
  const statuses = ['idle', 'idle', 'idle', 'faulted', 'halted'] as const;
  const rootSlots: Record<number, CapSnapshot> = {};
  for (let id = 1; id <= 28; id += r.int(6) + 1) rootSlots[id] = protocol(id);
  rootSlots[30] = mappedData(0, 2, 16, r.int(2) === 0 ? 'W' : 'R');
  rootSlots[31] = data(2, 3);
  if (r.int(2) === 0) rootSlots[0] = mappedData(5, 1, 24, 'W');
  rootSlots[32] = codeCap(1);
  rootSlots[33] = codeCap(2);
  rootSlots[254] = untyped();
  rootSlots[60] = untyped(); // a copy ecalli can reach (254 > 127 faults: spec-notes/0037); both share the allocator
  const children: VmSnapshot[] = [];
  for (let id = 1; id <= 4; id++) {
    if (r.int(5) !== 0) rootSlots[39 + id] = handle(id, r.int(3) === 0 ? BigInt(r.int(3000)) : null);
    if (id === 1) rootSlots[44] = callable(1, r.int(2) === 0 ? 2000n : null);
    const slots: Record<number, CapSnapshot> = {};
    if (r.int(2) === 0) slots[30] = mappedData(6 + id, 1, 16 + r.int(2), 'W');
    if (r.int(2) === 0) slots[2] = protocol(2);
    if (r.int(2) === 0) slots[32] = codeCap(r.int(3));
    if (r.int(3) === 0 && id < 4) slots[41] = handle(id + 1 + 0);
    if (r.int(3) === 0) slots[44] = callable(1 + r.int(4));
    const status = r.pick(statuses);
    children.push(vm({ id, status, code: r.int(3), pc: 0, slots }));
  }
  // a HANDLE must be unique per VM: keep the children's handles only where the root has none
  for (const c of children) {
    const h = c.slots.find((e) => e.slot === 41);
    if (h?.cap.kind === 'handle' && rootSlots[39 + h.cap.vm] !== undefined) (c as { slots: typeof c.slots }).slots = c.slots.filter((e) => e.slot !== 41);
  }
  const seen = new Set<number>();
  for (const c of children) {
    const h = c.slots.find((e) => e.slot === 41);
    if (h?.cap.kind !== 'handle') continue;
    if (seen.has(h.cap.vm)) (c as { slots: typeof c.slots }).slots = c.slots.filter((e) => e.slot !== 41);
    seen.add(h.cap.vm);
  }
  const root = vm({ id: 0, status: 'running', code: 0, gas: BigInt(2_000 + r.int(60_000)), slots: rootSlots, original: Object.keys(rootSlots).map(Number).filter((s) => s >= 1 && s <= 28) });
  const bytes = new Uint8Array(4096);
  bytes[0] = 0xaa;
  bytes[100] = 0x55;
  return kernel({
    code: codes, vms: [root, ...children], untyped: { offset: 11, total: 40 },
    backing: [{ page: 0, bytes }, { page: 3, bytes: Uint8Array.from(bytes).reverse() }],
  });
}

function randomBudgets(r: Rng): number[] {
  const out: number[] = [];
  for (let k = 0; k < 60; k++) out.push(r.pick([0, 1, 1, 2, 3, 7, 20]));
  out.push(Infinity, Infinity, Infinity);
  return out;
}

describe.each(IMPLS)('impl kernel $name against the model', ({ engine }) => {
  test('random cap graphs and programs: exits, steps, snapshots and traces equal', () => {
    const r = prng(SEED);
    for (let c = 0; c < CASES; c++) {
      const pre = randomKernel(r);
      expect(kernelViolations(pre), `case ${c}: pre-state invariants`).toEqual([]);
      const budgets = randomBudgets(r);
      const answers: [bigint, bigint][] = [[r.pick(VALUES), BigInt(r.int(4))], [0n, 1n]];
      const model = drive((t) => modelKernel.fromSnapshot(pre, t), budgets, answers);
      const impl = drive((t) => engine.fromSnapshot(pre, t), budgets, answers);
      expectSame(impl, model, `seed ${SEED} case ${c}`);
    }
  });

  test('snapshot round trip: a session restored from the model\'s snapshot mid-run continues like the model', () => {
    const r = prng(SEED + 1);
    for (let c = 0; c < CASES / 3; c++) {
      const pre = randomKernel(r);
      const first = modelKernel.fromSnapshot(pre);
      first.run(1 + r.int(30));
      const mid = first.snapshot();
      expect(engine.fromSnapshot(mid).snapshot(), `case ${c}: restored snapshot`).toEqual(mid);
      const budgets = randomBudgets(r);
      const model = drive((t) => modelKernel.fromSnapshot(mid, t), budgets, [[1n, 2n]]);
      const impl = drive((t) => engine.fromSnapshot(mid, t), budgets, [[1n, 2n]]);
      expectSame(impl, model, `seed ${SEED + 1} case ${c}`);
    }
  });

  test.each([
    ['fib-recursive n=10', fibRecursiveBlob, 10n, 100_000_000n],
    ['fib-recursive n=4, gas short mid-recursion', fibRecursiveBlob, 4n, 700n],
    ['fib-loop, 2,000 gas (out of gas)', fibLoopBlob, 0n, 2_000n],
  ])('%s: per-budget snapshots and the trace equal', (_name, blob, reg7, gas) => {
    for (const budgets of [[Infinity], [1, 1, 1, 5, 9, 100, Infinity], Array.from({ length: 400 }, (_, k) => 1 + (k % 13))]) {
      const make = (e: KernelEngine) => (t: (e: KernelEvent) => void): KernelSession => {
        const l = e.load(blob, { gas, reg7, trace: t });
        if (!l.ok) throw new Error(l.error.message);
        return l.value;
      };
      expectSame(drive(make(engine), budgets, []), drive(make(modelKernel), budgets, []), `${_name} budgets ${budgets.slice(0, 8).join(',')}`);
    }
  });

  test('load: mutated blobs give the same accept/reject and error class; accepted ones the same initial snapshot', () => {
    const r = prng(SEED + 2);
    const bases = [fibRecursiveBlob, fibLoopBlob];
    for (let c = 0; c < 400; c++) {
      const blob = Uint8Array.from(r.pick(bases));
      const mutation = r.int(3);
      if (mutation === 0) blob[r.int(blob.length)] = r.int(256);
      const cut = mutation === 1 ? blob.subarray(0, r.int(blob.length)) : blob;
      const m = modelKernel.load(cut, { gas: 1_000_000n });
      const i = engine.load(cut, { gas: 1_000_000n });
      expect(i.ok, `case ${c}: accepted`).toBe(m.ok);
      if (!m.ok && !i.ok) expect(i.error.class, `case ${c}: error class (${m.error.message})`).toBe(m.error.class);
      if (m.ok && i.ok) expect(i.value.snapshot(), `case ${c}: initial snapshot`).toEqual(m.value.snapshot());
    }
  });
});

// RW pages never written are allocated on first access (impl: a page fault the kernel absorbs and
// retries); the model and the impl must still agree on every step, and a huge mapping must cost nothing.
//  0 load_imm_64 r11, 2 (MAP) | 10 load_imm_64 r12, 30 << 32 | 20 load_imm_64 r7, 16 (base page)
// 30 load_imm_64 r8, 0 | 40 load_imm_64 r9, N (count) | 50 load_imm_64 r10, 1 (RW) | 60 ecall
// 61 load_imm r1, 0x5a | 67 store_u8 [16·4096 + 4097·k], r1 for two pages | … | load_u8 r2 | ecalli 0
function lazyProgram(count: number): CodeImage {
  return code(
    LOAD_IMM_64(11, 2n), LOAD_IMM_64(12, 30n << 32n), LOAD_IMM_64(7, 16n), LOAD_IMM_64(8, 0n), LOAD_IMM_64(9, BigInt(count)), LOAD_IMM_64(10, 1n), ECALL,
    LOAD_IMM_64(1, 0x5an), STORE_U8(1, 16 * 4096 + 5), STORE_U8(1, (16 + count - 1) * 4096 + 4095), LOAD_U8(2, 17 * 4096 + 9), ADD_IMM_64(2, 2, 1), ECALLI(0),
  );
}
const lazyKernel = (count: number): KernelSnapshot =>
  kernel({ code: [lazyProgram(count)], vms: [vm({ id: 0, status: 'running', gas: 1_000_000n, slots: { 30: data(0, count) } })], untyped: { offset: count, total: count } });

describe.each(IMPLS)('impl kernel $name: RW pages allocated on first access', ({ engine }) => {
  test('stores and loads on never-written RW pages: same steps, snapshots and trace as the model', () => {
    for (const budgets of [[Infinity], Array.from({ length: 20 }, () => 1), [3, 2, 1, 5, Infinity]]) {
      const pre = lazyKernel(4);
      const model = drive((t) => modelKernel.fromSnapshot(pre, t), budgets, []);
      const impl = drive((t) => engine.fromSnapshot(pre, t), budgets, []);
      expectSame(impl, model, `lazy pages, budgets ${budgets.join(',')}`);
      const last = impl.runs.at(-1);
      // a successful MAP leaves φ7 = 16 (the base page), which REPLY returns; the first and the last
      // mapped page hold 0x5a (backing pages 0 and 3); φ2 = 0 (read from page 17, never written) + 1
      expect(last?.exit).toEqual({ kind: 'halt', value: 16n });
      expect(last?.snap.backing.map((p) => p.page)).toEqual([0, 3]);
      expect(last?.snap.vms[0]?.regs[2]).toBe(1n);
    }
  });

  test('MAP of 2^19 RW pages allocates only the two pages written', () => {
    global.gc?.();
    const before = process.memoryUsage();
    const s = engine.fromSnapshot(lazyKernel(1 << 19));
    const r = s.run();
    const after = process.memoryUsage();
    expect(r.exit).toEqual({ kind: 'halt', value: 16n });
    expect(s.snapshot().backing.map((p) => p.page)).toEqual([0, (1 << 19) - 1]);
    // 2^19 pages would be 2 GiB if allocated; the bookkeeping of 2^19 mapped indices is tens of MB
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * 2 ** 20);
  });
});

// ---- load: a manifest with DATA caps, args and UNTYPED (spec-notes/0021, 0022, 0053) -------------------

// reads the first args byte and a byte of the RO cap, stores into the args cap, MOVEs UNTYPED from 254
// to 60 (ecalli reaches slots 1..127 only: spec-notes/0037), RETYPEs 2 pages into slot 70, MAPs them RW
// at page 40, stores there, CALLs protocol slot 1, then stores to the RO page 20 (a fault ends the root)
const INIT_CODE = code(
  LOAD_U8(1, 16 * 4096), LOAD_U8(2, 20 * 4096 + 1), STORE_U8(1, 16 * 4096 + 4096 + 3),
  LOAD_IMM_64(11, 6n), LOAD_IMM_64(12, (254n << 32n) | 60n), ECALL,
  LOAD_IMM_64(7, 2n), LOAD_IMM_64(12, 70n), ECALLI(60), LOAD_IMM_64(11, 2n), LOAD_IMM_64(12, 70n << 32n), LOAD_IMM_64(7, 40n),
  LOAD_IMM_64(8, 0n), LOAD_IMM_64(9, 2n), LOAD_IMM_64(10, 1n), ECALL, STORE_U8(1, 41 * 4096), ECALLI(1), STORE_U8(2, 20 * 4096), ECALLI(0),
);
const INIT_BLOB = manifestBlob(10, 64, [
  { slot: 0, type: 1, basePage: 16, pageCount: 2, access: 1, data: Uint8Array.from([1, 2, 3]) },
  { slot: 5, type: 1, basePage: 20, pageCount: 1, access: 0, data: Uint8Array.from([9, 8, 7]) },
  { slot: 64, type: 0, data: codeBlob(INIT_CODE, { entrySize: 1 }) },
]);

describe.each(IMPLS)('impl kernel $name: init from a manifest with DATA caps and args', ({ engine }) => {
  test.each([
    ['no args, enough gas', undefined, 1_000_000n],
    ['args in the slot-0 DATA cap', Uint8Array.of(0xee, 0xdd), 1_000_000n],
    ['init gas short by one (3 DATA pages: 4,500)', undefined, 4_499n],
    ['init gas exactly paid', undefined, 4_500n],
    ['args longer than the slot-0 cap (load error)', new Uint8Array(2 * 4096 + 1), 1_000_000n],
  ])('%s', (_name, args, gas) => {
    for (const budgets of [[Infinity, Infinity], [1, 1, 1, 1, 1, 2, 3, 50, Infinity, Infinity]]) {
      const make = (e: KernelEngine) => (t: (ev: KernelEvent) => void): KernelSession => {
        const l = e.load(INIT_BLOB, { gas, reg7: 3n, ...(args ? { args } : {}), trace: t });
        if (!l.ok) throw new Error(`${l.error.class}: ${l.error.message}`);
        expect(l.value.initGas).toBe(4_500n); // 1500 per DATA page, 3 pages (spec-notes/0021)
        return l.value;
      };
      const m = modelKernel.load(INIT_BLOB, { gas, ...(args ? { args } : {}) });
      const i = engine.load(INIT_BLOB, { gas, ...(args ? { args } : {}) });
      expect(i.ok).toBe(m.ok);
      if (!m.ok || !i.ok) {
        expect(!i.ok && !m.ok && i.error.class).toBe(!m.ok && m.error.class);
        continue;
      }
      const impl = drive(make(engine), budgets, [[5n, 6n]]);
      expectSame(impl, drive(make(modelKernel), budgets, [[5n, 6n]]), `${_name}, budgets ${budgets.join(',')}`);
      // paid init: reads, RETYPE, MAP, a store to the new RW page, the protocol call on slot 1, then the
      // store to the RO page 20 faults at its base (spec-notes/0007); unpaid: out of gas before any instruction
      // (exactly paid leaves 0 gas: the first block is out of gas)
      expect(impl.runs.some((r) => r.exit?.kind === 'protocol' && r.exit.id === 1)).toBe(gas > 4_500n);
      expect(impl.runs.at(-1)?.exit).toEqual(gas <= 4_500n ? { kind: 'oog' } : { kind: 'fault', address: 20n * 4096n });
    }
  });
});
