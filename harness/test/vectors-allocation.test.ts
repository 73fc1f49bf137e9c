/**
 * `vectors verify` compares kernel snapshots up to the numbering of backing-store pages (an allocation
 * choice, vectors/kernel.md "What is compared") and on everything a VM can observe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { canonicalBacking } from '../vectors/allocation.js';
import { defaultVectorDir, judgeAnswer } from '../vectors/verify.js';
import type { KernelExpected, SnapshotJson, Vector, VectorExpected } from '../../vectors/lib/format.js';

const root = defaultVectorDir();
const load = (p: string): Vector => JSON.parse(readFileSync(join(root, p), 'utf8')) as Vector;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

type Mut = { vms: { regs: string[]; gas: string; pc: number; slots: { cap: { kind: string; backing?: number; pages?: number } }[] }[]; stack: { ipcCap: { backing: number } | null }[]; backing: { page: number; bytes: string }[]; untyped: { offset: number }; nextVmId: number };

/** The vector's expected answer with its post-state changed by `f`. */
function answer(v: Vector, f: (post: Mut) => void): VectorExpected {
  const e = clone(v.expected) as KernelExpected;
  f(e.post as unknown as Mut);
  return e;
}

/** Every backing page number in a snapshot moved by `map`. */
function renumber(post: Mut, map: (page: number) => number): void {
  for (const vm of post.vms) for (const s of vm.slots) if (s.cap.kind === 'data' && s.cap.backing !== undefined) s.cap.backing = map(s.cap.backing);
  for (const f of post.stack) if (f.ipcCap !== null) f.ipcCap.backing = map(f.ipcCap.backing);
  for (const p of post.backing) p.page = map(p.page);
  post.backing.sort((a, b) => a.page - b.page);
}

const copy = load('jar1/kernel/call_data/call_data_copies_bytes.json');
const ipc = load('jar1/kernel/call_handle/call_passes_data_cap_unmapped.json');

describe('kernel snapshots: backing page numbers are an allocation choice', () => {
  test('the vectors used here have what the tests change: two DATA caps with bytes, and a frame with an IPC DATA cap', () => {
    const post = (copy.expected as KernelExpected).post as unknown as Mut;
    expect(post.vms[0]?.slots.filter((s) => s.cap.kind === 'data').length).toBe(2);
    expect(post.backing.length).toBe(2);
    expect((ipc.expected as KernelExpected).post.stack.some((f) => f.ipcCap !== null)).toBe(true);
  });

  test('the expected answer itself passes', () => {
    expect(judgeAnswer(copy, copy.expected)).toEqual({ status: 'pass' });
    expect(judgeAnswer(ipc, ipc.expected)).toEqual({ status: 'pass' });
  });

  test('an answer whose backing pages are all shifted by 1000 passes', () => {
    expect(JSON.stringify(answer(copy, (p) => renumber(p, (n) => n + 1000)))).not.toBe(JSON.stringify(copy.expected));
    expect(judgeAnswer(copy, answer(copy, (p) => renumber(p, (n) => n + 1000)))).toEqual({ status: 'pass' });
    expect(judgeAnswer(ipc, answer(ipc, (p) => renumber(p, (n) => n + 1000)))).toEqual({ status: 'pass' });
  });

  test('an answer that allocated the two DATA caps in the other order (a different renaming) passes', () => {
    const post = (copy.expected as KernelExpected).post as unknown as Mut;
    const caps = post.vms[0]?.slots.filter((s) => s.cap.kind === 'data').map((s) => s.cap) ?? [];
    const [a, b] = caps;
    if (a?.backing === undefined || b?.backing === undefined || a.pages === undefined || b.pages === undefined) throw new Error('two DATA caps expected');
    // a new layout: b's range first at 500, a's right after it
    const moved = (n: number): number => (n >= a.backing! && n < a.backing! + a.pages! ? 500 + b.pages! + n - a.backing! : n >= b.backing! && n < b.backing! + b.pages! ? 500 + n - b.backing! : n + 10_000);
    expect(judgeAnswer(copy, answer(copy, (p) => renumber(p, moved)))).toEqual({ status: 'pass' });
  });

  test('bytes on a page no cap names (leaked) do not count', () => {
    expect(judgeAnswer(copy, answer(copy, (p) => { p.backing.push({ page: 999_999, bytes: 'ff'.padEnd(8192, '0') }); }))).toEqual({ status: 'pass' });
  });
});

describe('kernel snapshots: observable fields still count', () => {
  const fails = (v: Vector, f: (post: Mut) => void): string => {
    const o = judgeAnswer(v, answer(v, f));
    if (o.status !== 'fail') throw new Error(`expected a failure, got ${JSON.stringify(o)}`);
    return o.difference;
  };
  test('a register', () => {
    expect(fails(copy, (p) => { (p.vms[0] as Mut['vms'][0]).regs[7] = '0x1234'; })).toBe('expected.post.vms[0].regs[7]: expected "0x4", got "0x1234"');
  });
  test('a byte of a page a DATA cap owns, even under renumbered pages', () => {
    expect(fails(copy, (p) => { renumber(p, (n) => n + 7); const pg = p.backing[0] as { bytes: string }; pg.bytes = (pg.bytes.startsWith('00') ? '01' : '00') + pg.bytes.slice(2); })).toMatch(/^expected\.post\.backing\[0\]\.bytes: /);
  });
  test('the allocator offset (total − offset is what RETYPE can still carve)', () => {
    expect(fails(copy, (p) => { p.untyped.offset += 1; })).toMatch(/^expected\.post\.untyped\.offset: /);
  });
  test('two DATA caps sharing one backing range (aliasing is observable)', () => {
    expect(fails(copy, (p) => {
      const caps = p.vms[0]?.slots.filter((s) => s.cap.kind === 'data').map((s) => s.cap) ?? [];
      (caps[1] as { backing: number }).backing = (caps[0] as { backing: number }).backing;
    })).toMatch(/^expected\.post\.vms\[0\]\.slots\[\d+\]\.cap\.backing: /);
  });
  test('VM ids and nextVmId (decided by spec-notes/0033 and 0053)', () => {
    expect(fails(ipc, (p) => { p.nextVmId += 1; })).toMatch(/^expected\.post\.nextVmId: /);
  });
  test('the canonical numbering leaves a value that is not a snapshot alone', () => {
    expect(canonicalBacking(null)).toBeNull();
    expect(canonicalBacking({ vms: 3 })).toEqual({ vms: 3 });
    const s = (copy.expected as KernelExpected).post as SnapshotJson;
    expect(canonicalBacking(canonicalBacking(s))).toEqual(canonicalBacking(s));
  });
});
