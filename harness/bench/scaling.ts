/**
 * The scaling section of `npm run bench` (issue 14): how cost grows with the size of the kernel state
 * and of the code. Rows: the model through many VMs (recursive fib, fib-vms, and a deep CALL chain,
 * call-chain) with the time per VM, which must stay flat when the transitions share structure instead
 * of copying state; the model's core instruction rate; the impl's memory per code byte of a small
 * (eager) and large (lazily decoded) CODE cap; and the impl's 65,535-VM invocation (time and heap).
 * A full GC before each row; a model row repeats its run back to back until 20,000 VMs in all and
 * gives the mean (the core rate: best of 3): these rows are about growth, not the last percent. Heap figures: heapUsed + arrayBuffers after full GCs, minus the same before.
 */
import { memCyclesFor, EXIT_ECALLI } from '../../impl/core/api.js';
import { decode, decodedBytes } from '../../impl/core/decode.js';
import { ImplMachine } from '../../impl/core/index.js';
import { implKernel } from '../../impl/kernel/index.js';
import { modelKernel } from '../../model/kernel/index.js';
import type { KernelEngine } from '../../vectors/lib/kernel.js';
import type { CodeImage } from '../../vectors/lib/types.js';
import { codeBlob, jarBlob } from '../asm/index.js';
import { fibVms, WORKLOADS, type Workload } from './workloads.js';

/** V8's full garbage collection (exposed on demand when node was started without --expose-gc). */
async function fullGc(): Promise<() => void> {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) return g;
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const byName = (name: string): Workload => {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`no workload ${name}`);
  return w;
};

/** Sizes of each row, full and --quick. */
const SIZES: Readonly<Record<'fibVms' | 'chain' | 'codeKb', { full: readonly number[]; quick: readonly number[] }> & { coreRate: { full: number; quick: number } }> = {
  fibVms: { full: [12, 14, 16, 18, 20], quick: [12, 14, 16] },
  chain: { full: [1_024, 4_096, 16_384, 65_534], quick: [1_024, 4_096] },
  coreRate: { full: 100_000, quick: 20_000 },
  codeKb: { full: [64, 1_024, 4_096, 16_384], quick: [64, 1_024, 4_096] },
};

const MB = 2 ** 20;
/** A model row repeats its run until this many VMs in all (no GC between), so that it measures the steady state. */
const STEADY_VMS = 20_000;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

/**
 * A jar1 run without host calls, `repeat` times back to back (no GC between: small sizes repeat so
 * that a row measures the steady state, not the GC right before it): load + run to the kernel's exit
 * timed (the mean per run), then the last run's root φ7 and VM count from a snapshot (untimed).
 */
function timed(kernel: KernelEngine, w: Workload, size: number, gc: () => void, repeat = 1): { ms: number; cpuMs: number; vms: number; steps: number; heap: number; problem: string | null } {
  const c = w.build(size);
  const before = used(gc);
  const t = performance.now();
  const cpu = process.cpuUsage();
  let loaded = kernel.load(c.jar1.blob, { gas: c.jar1.gas, reg7: c.jar1.reg7 });
  if (!loaded.ok) return { ms: 0, cpuMs: 0, vms: 0, steps: 0, heap: 0, problem: `rejected: ${loaded.error.message}` };
  let r = loaded.value.run();
  for (let k = 1; k < repeat && loaded.ok; k++) {
    loaded = kernel.load(c.jar1.blob, { gas: c.jar1.gas, reg7: c.jar1.reg7 });
    if (loaded.ok) r = loaded.value.run();
  }
  if (!loaded.ok) return { ms: 0, cpuMs: 0, vms: 0, steps: 0, heap: 0, problem: `rejected: ${loaded.error.message}` };
  const spent = process.cpuUsage(cpu);
  const cpuMs = (spent.user + spent.system) / 1000 / repeat;
  const ms = (performance.now() - t) / repeat;
  const heap = used(gc) - before;
  const snap = loaded.value.snapshot();
  const r7 = snap.vms.find((v) => v.id === 0)?.regs[7];
  const fine = r.exit?.kind === 'halt' && r7 === c.expect[7];
  return { ms, cpuMs, vms: snap.nextVmId, steps: r.steps, heap, problem: fine ? null : `WRONG RESULT: exit ${r.exit?.kind ?? 'none'}, r7 = ${r7}, expected ${c.expect[7]}` };
}

/**
 * A CODE cap of about `bytes` bytes: straight-line `add_imm_64 r7, r7, 1` (3 bytes each), then REPLY,
 * so the root halts with φ7 = the number of adds.
 */
function largeCode(bytes: number): { blob: Uint8Array; image: CodeImage; adds: number; codeBytes: number } {
  const adds = Math.floor(bytes / 3);
  const code = new Uint8Array(3 * adds + 1);
  const bitmask = new Uint8Array(code.length);
  for (let k = 0; k < adds; k++) {
    code.set([149, 0x77, 1], 3 * k); // add_imm_64 r7, r7, 1: opcode 149, registers byte 0x77, immediate 1
    bitmask[3 * k] = 1;
  }
  code[3 * adds] = 10; // ecalli 0
  bitmask[3 * adds] = 1;
  const image = { code, bitmask, jumpTable: [] };
  codeBlob(image); // validates the image's shape (throws on a malformed one)
  return { blob: jarBlob({ memoryPages: 0, invokeCap: 32, caps: [{ slot: 32, type: 'code', image }] }), image, adds, codeBytes: code.length };
}

/**
 * What the impl holds for a decoded CODE cap: decode the image and run it to its ecalli on the core
 * (jit tier), then, still holding it, the byteLength sum of its arrays (decodedBytes: the image's
 * code and bitmask included, each buffer once) and the growth of heap + arrayBuffers since before
 * the decode (after full GCs: what it really retains, the image excluded). null when the run is wrong.
 */
function retained(image: CodeImage, adds: number, gc: () => void): { arrays: number; heap: number } | null {
  const before = used(gc);
  const d = decode('jar1', image, memCyclesFor(0));
  const m = new ImplMachine('jar1', { tier: 'jit' });
  m.gas = 10n ** 12n;
  const e = m.run(d, Infinity);
  if (e !== EXIT_ECALLI || m.getReg(7) !== BigInt(adds)) return null;
  const heap = used(gc) - before;
  return { arrays: decodedBytes(d), heap };
}

/** Heap + array buffers in use, after full GCs (the second one frees what the first one's finalizers released). */
function used(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** The scaling rows; returns whether every run ended as expected. */
export async function benchScaling(out: (line: string) => void, quick: boolean): Promise<boolean> {
  const gc = await fullGc();
  let ok = true;
  const pick = <T>(s: { full: T; quick: T }): T => (quick ? s.quick : s.full);
  out('');
  out(`scaling (after a full GC per row; model rows: the mean of back-to-back runs, repeated to ${fmt(STEADY_VMS)} VMs at least; model core`);
  out('rate: best of 3; cpu = this process\'s user + system time, which a busy machine inflates less than the wall time):');
  // warm-up: the JS engine optimizes the kernel's functions over the first thousands of transitions
  timed(modelKernel, byName('fib-vms'), 17, gc, 2);
  timed(modelKernel, byName('call-chain'), 8_192, gc, 2);
  out(`${'row'.padEnd(34)} ${lpad('size', 10)} ${lpad('VMs', 8)} ${lpad('wall ms', 10)} ${lpad('cpu ms', 10)} ${lpad('cpu µs/VM', 10)}`);
  for (const [name, sizes] of [['fib-vms', pick(SIZES.fibVms)], ['call-chain', pick(SIZES.chain)]] as const) {
    for (const n of sizes) {
      const vms = name === 'fib-vms' ? fibVms(n) : n + 1;
      const r = timed(modelKernel, byName(name), n, gc, Math.ceil(STEADY_VMS / vms));
      if (r.problem !== null || r.vms !== vms) {
        ok = false;
        out(`model ${name} n=${n}: ${r.problem ?? `${r.vms} VMs, expected ${vms}`}`);
        continue;
      }
      out(`${`model ${name}`.padEnd(34)} ${lpad(`n=${fmt(n)}`, 10)} ${lpad(fmt(vms), 8)} ${lpad(fmt(r.ms, 1), 10)} ${lpad(fmt(r.cpuMs, 1), 10)} ${lpad(fmt((1000 * r.cpuMs) / vms, 1), 10)}`);
    }
  }
  for (const name of ['fib-loop', 'sort']) {
    const n = name === 'sort' ? (quick ? 64 : 256) : pick(SIZES.coreRate);
    timed(modelKernel, byName(name), n, gc); // warm-up
    const runs = [0, 1, 2].map(() => timed(modelKernel, byName(name), n, gc));
    const r = runs.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a));
    if (r.problem !== null) ok = false;
    out(`${`model core rate, ${name} jar1`.padEnd(34)} ${lpad(`n=${fmt(n)}`, 10)} ${lpad('-', 8)} ${lpad(fmt(r.ms, 1), 10)} ${lpad(fmt(r.cpuMs, 1), 10)} ${r.problem ?? ` ${fmt(r.steps / r.cpuMs / 1000, 2)} M instr per cpu second`}`);
  }
  {
    const r = timed(implKernel, byName('call-chain'), 65_534, gc);
    if (r.problem !== null || r.vms !== 65_535) ok = false;
    out(`${'impl call-chain (65,535 VMs)'.padEnd(34)} ${lpad('n=65,534', 10)} ${lpad(fmt(r.vms), 8)} ${lpad(fmt(r.ms, 1), 10)} ${lpad(fmt(r.cpuMs, 1), 10)} ${lpad(fmt((1000 * r.cpuMs) / 65_535, 1), 10)} ${r.problem ?? `heap + arrayBuffers of the ended session +${fmt(r.heap / MB, 1)} MB`}`);
  }
  for (const kb of pick(SIZES.codeKb)) {
    const { blob, image, adds, codeBytes } = largeCode(kb * 1024);
    const label = kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`;
    const loaded = implKernel.load(blob, { gas: 10n ** 12n });
    if (!loaded.ok) {
      ok = false;
      out(`impl ${label} code: rejected: ${loaded.error.message}`);
      continue;
    }
    const t = performance.now();
    const cpu = process.cpuUsage();
    const r = loaded.value.run();
    const spent = process.cpuUsage(cpu);
    const ms = performance.now() - t;
    const held = retained(image, adds, gc);
    const fine = r.exit?.kind === 'halt' && r.exit.value === BigInt(adds) && held !== null;
    ok &&= fine;
    const what = held === null ? '' : `${fmt(held.arrays / codeBytes, 1)} bytes per code byte (${kb > 256 ? 'lazy' : 'eager'}; arrays held ${fmt(held.arrays / MB, 1)} MB, heap + arrayBuffers +${fmt(held.heap / MB, 1)} MB)`;
    out(`${`impl code cap ${label}, run`.padEnd(34)} ${lpad(`${fmt(codeBytes)} B`, 10)} ${lpad('-', 8)} ${lpad(fmt(ms, 1), 10)} ${lpad(fmt((spent.user + spent.system) / 1000, 1), 10)} ${fine ? what : `WRONG: ${JSON.stringify(r.exit, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}${held === null ? ' (core run wrong)' : ''}`}`);
  }
  out('impl code cap rows: bytes per code byte = the byteLength sum of the decoded program\'s arrays (image included) after a run to the end, held;');
  out('heap + arrayBuffers = their growth over the decode and run after full GCs (image excluded). Code over 256 KB is decoded lazily.');
  return ok;
}
