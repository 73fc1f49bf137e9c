/**
 * The differential comparison: two engines on one case. A divergence names the first differing
 * kernel event (or exit, or load result) and the state paths that differ, not two full dumps.
 * On a divergence, `localise` re-runs both engines one instruction at a time and names the first
 * instruction after which their states differ.
 */
import type { Engine } from '../engines.js';
import type { KernelEvent, KernelSnapshot } from '../../vectors/lib/kernel.js';
import { disassemble } from '../../model/disasm.js';
import type { Case, CoreCase, KernelCase } from './cases.js';
import { MAX_HOST_CALLS, runCoreCase, runKernelCase, type CoreRecord, type KernelRecord, type RunOptions } from './run.js';
import { hostFullAnswer } from './values.js';

export interface Divergence {
  /** What kind of difference came first. */
  readonly kind: 'throw' | 'load' | 'event' | 'exit' | 'state' | 'invariant';
  /** One line. */
  readonly summary: string;
  /** The differing state paths or the two events, a few lines. */
  readonly details: readonly string[];
}

/** A readable scalar for diff lines. */
function show(v: unknown): string {
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  if (v instanceof Uint8Array) return v.length > 16 ? `<${v.length} bytes>` : `[${Buffer.from(v).toString('hex')}]`;
  if (v === undefined) return '(absent)';
  if (typeof v === 'object' && v !== null) return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x)).slice(0, 120);
  return String(v);
}

/** Deep equality of plain values (bigint, bytes, arrays, objects) without allocating: the fast path before diffPaths. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length)); // memcmp
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || b instanceof Uint8Array) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/** Paths where two plain values differ (arrays by index, objects by key), at most `limit`. */
export function diffPaths(a: unknown, b: unknown, path = '', out: string[] = [], limit = 12): string[] {
  if (out.length >= limit) return out;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) out.push(`${path}.length: ${a.length} vs ${b.length}`);
    else {
      const k = a.findIndex((x, i) => x !== b[i]);
      if (k >= 0) out.push(`${path}[${k}]: ${a[k]} vs ${b[k]}`);
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffPaths(a[i], b[i], `${path}[${i}]`, out, limit);
    return out;
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, limit);
    return out;
  }
  if (a !== b) out.push(`${path || '(value)'}: ${show(a)} vs ${show(b)}`);
  return out;
}

/** A snapshot's paths named by VM id instead of array index, so that a missing VM reads clearly. */
function keyed(s: KernelSnapshot): unknown {
  return {
    ...s,
    vms: Object.fromEntries(s.vms.map((v) => [`vm${v.id}`, { ...v, slots: Object.fromEntries(v.slots.map((e) => [`slot${e.slot}`, e])) }])),
    backing: Object.fromEntries(s.backing.map((p) => [`page${p.page}`, p.bytes])),
    code: s.code.length,
  };
}

/**
 * Where two snapshots with the same entries list them in another order: the canonical snapshot
 * (vectors/lib/kernel.ts) has VMs ascending by id, each VM's slots ascending and backing pages
 * ascending, and keyed() names those entries by id, so its diff does not see their order.
 */
export function orderPaths(a: KernelSnapshot, b: KernelSnapshot): string[] {
  const out: string[] = [];
  const same = (xs: readonly number[], ys: readonly number[]): boolean => xs.length === ys.length && xs.every((x, k) => x === ys[k]);
  const [va, vb] = [a.vms.map((v) => v.id), b.vms.map((v) => v.id)];
  if (!same(va, vb)) out.push(`vms: ids [${va.join(', ')}] vs [${vb.join(', ')}]`);
  for (const v of a.vms) {
    const w = b.vms.find((u) => u.id === v.id);
    const [sa, sb] = [v.slots.map((e) => e.slot), w?.slots.map((e) => e.slot) ?? []];
    if (w !== undefined && !same(sa, sb)) out.push(`vm${v.id}.slots: [${sa.join(', ')}] vs [${sb.join(', ')}]`);
  }
  const [pa, pb] = [a.backing.map((p) => p.page), b.backing.map((p) => p.page)];
  if (!same(pa, pb)) out.push(`backing: pages [${pa.join(', ')}] vs [${pb.join(', ')}]`);
  return out;
}

const eventText = (e: KernelEvent | undefined): string =>
  e === undefined ? '(no event)' : `VM ${e.vm} pc ${e.pc} ${e.cause} ${e.arg} -> active VM ${e.active} gas ${e.gas} r7 ${show(e.r7)} r8 ${show(e.r8)}`;

/** Compares two kernel records; null when they agree (and both are clean). */
export function compareKernel(a: KernelRecord, b: KernelRecord): Divergence | null {
  for (const r of [a, b]) {
    if (r.thrown !== null) return { kind: 'throw', summary: `engine ${r.engine} threw after ${r.events.length} events`, details: r.thrown.split('\n') };
  }
  if (a.load.ok !== b.load.ok || (!a.load.ok && !b.load.ok && a.load.class !== b.load.class)) {
    const t = (r: KernelRecord): string => (r.load.ok ? 'loaded' : `rejected (${r.load.class})`);
    return { kind: 'load', summary: `load: ${a.engine} ${t(a)}, ${b.engine} ${t(b)}`, details: [] };
  }
  const n = Math.max(a.events.length, b.events.length);
  for (let i = 0; i < n; i++) {
    const [x, y] = [a.events[i], b.events[i]];
    if (x !== undefined && y !== undefined && equal(x, y)) continue;
    return {
      kind: 'event', summary: `first differing kernel event: #${i}`,
      details: [`${a.engine}: ${eventText(x)}`, `${b.engine}: ${eventText(y)}`, ...(x && y ? diffPaths(x, y).map((d) => `  ${d}`) : [])],
    };
  }
  for (let i = 0; i < Math.max(a.stops.length, b.stops.length); i++) {
    if (equal(a.stops[i], b.stops[i])) continue;
    const d = diffPaths(a.stops[i], b.stops[i], `stop[${i}]`);
    if (d.length > 0) return { kind: 'exit', summary: `exit #${i} differs`, details: d };
  }
  if (!equal(a.afterEnd, b.afterEnd)) {
    return { kind: 'exit', summary: 'an answer after the end is reported differently', details: diffPaths(a.afterEnd, b.afterEnd, 'afterEnd') };
  }
  for (let i = 0; i < Math.max(a.snapshots.length, b.snapshots.length); i++) {
    const [x, y] = [a.snapshots[i], b.snapshots[i]];
    if (equal(x, y)) continue;
    const d = x && y ? diffPaths(keyed(x), keyed(y)) : [`snapshot ${i} missing on one side`];
    if (d.length > 0) return { kind: 'state', summary: `state at exit #${i} differs in ${d.length}${d.length >= 12 ? '+' : ''} path(s)`, details: d };
    const o = x && y ? orderPaths(x, y) : [];
    if (o.length > 0) return { kind: 'state', summary: `state at exit #${i} lists the same entries in another order`, details: o };
  }
  for (const r of [a, b]) {
    if (r.violations.length > 0) return { kind: 'invariant', summary: `kernel invariant broken on ${r.engine}`, details: r.violations.slice(0, 8) };
  }
  return null;
}

/** Compares two core records. */
export function compareCore(a: CoreRecord, b: CoreRecord): Divergence | null {
  for (const r of [a, b]) {
    if (r.thrown !== null) return { kind: 'throw', summary: `engine ${r.engine} threw`, details: r.thrown.split('\n') };
  }
  if (!equal(a.load, b.load)) {
    const show1 = (r: CoreRecord): string => (r.load === undefined ? 'no parse' : r.load.ok ? `image of ${r.load.image.code.length} code bytes, table [${r.load.image.jumpTable.join(', ')}]` : `load error ${r.load.class}`);
    return { kind: 'load', summary: `gp blob parsed differently: ${a.engine} ${show1(a)}, ${b.engine} ${show1(b)}`, details: diffPaths(a.load, b.load) };
  }
  if (equal(a.result, b.result)) return null;
  const d = diffPaths(a.result, b.result);
  return { kind: d.some((p) => p.startsWith('exit')) ? 'exit' : 'state', summary: `core result differs in ${d.length}${d.length >= 12 ? '+' : ''} path(s)`, details: d };
}

/** Runs one case on both engines; null when they agree. */
export function diffCase(c: Case, a: Engine, b: Engine, opts: RunOptions = {}): Divergence | null {
  if (c.focus === 'core') return compareCore(runCoreCase(a.core, c), runCoreCase(b.core, c));
  return compareKernel(runKernelCase(a.kernel, c, opts), runKernelCase(b.kernel, c, opts));
}

/** The instruction at a pc of a code image, disassembled. */
function instrAt(code: { code: Uint8Array; bitmask: Uint8Array; jumpTable: readonly number[] } | undefined, pc: number): string {
  if (code === undefined) return '?';
  return disassemble(code).find((l) => l.pc === pc)?.text ?? `(no instruction starts at ${pc})`;
}

/** Core: the least step budget k at which the two results differ (binary search), and the instruction run as step k. */
function localiseCore(c: CoreCase, a: Engine, b: Engine): string {
  const differs = (k: number): boolean => compareCore(runCoreCase(a.core, c, k), runCoreCase(b.core, c, k)) !== null;
  if (!differs(c.maxSteps)) return 'not reproducible step by step';
  let [lo, hi] = [0, c.maxSteps]; // differs(hi), and lo = 0 steps agree or not: search the least k
  if (differs(0)) return 'the states differ before any instruction (entry gas charge or input handling)';
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (differs(mid)) hi = mid;
    else lo = mid;
  }
  const before = runCoreCase(a.core, c, lo).result;
  const pc = before?.state.pc ?? 0;
  return `first differing instruction: step ${hi}, pc ${pc}: ${instrAt(c.input.image, pc)}`;
}

/** Kernel: both engines in lockstep with run(1); the first step after which results or snapshots differ. */
function localiseKernel(c: KernelCase, a: Engine, b: Engine): string {
  const la = a.kernel.load(c.blob, { gas: c.gas, ...(c.args.length > 0 ? { args: c.args } : {}) });
  const lb = b.kernel.load(c.blob, { gas: c.gas, ...(c.args.length > 0 ? { args: c.args } : {}) });
  if (!la.ok || !lb.ok) return 'differs at load';
  const [sa, sb] = [la.value, lb.value];
  let calls = 0;
  for (let step = 1; step <= c.maxSteps; step++) {
    const before = sa.snapshot();
    const vm = before.vms.find((v) => v.id === before.active);
    let ra;
    let rb;
    try {
      ra = sa.run(1);
      rb = sb.run(1);
    } catch (e) {
      return `step ${step} (VM ${before.active} pc ${vm?.pc}: ${instrAt(before.code[vm?.code ?? 0], vm?.pc ?? 0)}) threw: ${String(e)}`;
    }
    const d = diffPaths(ra, rb, 'run');
    const [xa, xb] = [sa.snapshot(), sb.snapshot()];
    d.push(...diffPaths(keyed(xa), keyed(xb)));
    if (d.length > 0) {
      return [`first differing instruction: step ${step}, VM ${before.active} pc ${vm?.pc}: ${instrAt(before.code[vm?.code ?? 0], vm?.pc ?? 0)}`, ...d.slice(0, 6).map((x) => `  ${x}`)].join('\n');
    }
    if (ra.exit !== null) {
      if (ra.exit.kind !== 'protocol' || calls >= MAX_HOST_CALLS) return 'no difference step by step (the divergence needs an uninterrupted run)';
      const answer = hostFullAnswer(c.host, calls++);
      sa.answerProtocolCall(answer);
      sb.answerProtocolCall(answer);
    }
  }
  return 'no difference within the step budget';
}

/**
 * Scale cases: the least instruction budget at which the two engines' records (trace, exits, snapshots)
 * differ, by binary search over whole runs from load; the lockstep of localiseKernel would snapshot
 * thousands of VMs after each of tens of thousands of instructions.
 */
function localiseScale(c: KernelCase, a: Engine, b: Engine): string {
  const records = (k: number): [KernelRecord, KernelRecord] => [runKernelCase(a.kernel, { ...c, maxSteps: k }, { invariants: false }), runKernelCase(b.kernel, { ...c, maxSteps: k }, { invariants: false })];
  const steps = (r: KernelRecord): number => r.stops.reduce((n, s) => n + s.steps, 0);
  const whole = records(c.maxSteps);
  if (compareKernel(...whole) === null) return 'not reproducible by instruction budget';
  let [lo, hi] = [0, Math.min(c.maxSteps, Math.max(steps(whole[0]), steps(whole[1])))]; // differs at hi (or only at the full budget)
  if (compareKernel(...records(hi)) === null) return `the records differ only at the full budget of ${c.maxSteps} instructions`;
  if (compareKernel(...records(0)) !== null) return 'the engines differ before any instruction (load, or the entry gas charge)';
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (compareKernel(...records(mid)) !== null) hi = mid;
    else lo = mid;
  }
  const before = records(lo)[0].snapshots.at(-1);
  const vm = before?.vms.find((v) => v.id === before.active);
  const d = compareKernel(...records(hi));
  return [`first differing instruction: step ${hi}, VM ${before?.active} pc ${vm?.pc}: ${instrAt(before?.code[vm?.code ?? 0], vm?.pc ?? 0)}`, ...(d?.details ?? []).slice(0, 6).map((x) => `  ${x}`)].join('\n');
}

/** Per-instruction trace mode: names the first instruction after which the engines disagree. */
export function localise(c: Case, a: Engine, b: Engine): string {
  try {
    return c.focus === 'core' ? localiseCore(c, a, b) : c.focus === 'scale' ? localiseScale(c, a, b) : localiseKernel(c, a, b);
  } catch (e) {
    return `localisation failed: ${String(e)}`;
  }
}
