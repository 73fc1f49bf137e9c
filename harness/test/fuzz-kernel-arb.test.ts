/**
 * The kernel arbitrary's sharper parts (harness/fuzz/kernel-arb.ts `many`, `lend`, `give`, `halves`,
 * `hopStep`, `dataBytes`, `overlap`), run.ts's restores with later VM ids, and diff.ts's snapshot order check do what they claim.
 * Expected values are derived by hand from the cases built (slots, page numbers, ids), not from the code.
 */
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { compareKernel, diffCase, orderPaths } from '../fuzz/diff.js';
import fc from 'fast-check';
import { dataBytes, halves, hopStep, kernelCase, kernelSpec, type KernelSpec, type Step } from '../fuzz/kernel-arb.js';
import { LATER_IDS, RESTORE_EVERY, runKernelCase, withLaterIds } from '../fuzz/run.js';
import { WHAT } from '../../vectors/lib/types.js';

const model = ENGINES.model as Engine;
const impl = ENGINES.impl as Engine;
/** A case of a root and one child program; host seed 3 neither restores nor moves ids (RESTORE_EVERY = 3). */
const spec = (root: Step[], child: Step[], o: Partial<KernelSpec> = {}): KernelSpec => ({
  programs: [{ steps: root, end: 'reply' }, { steps: child, end: 'reply' }], data: [], extraPages: 4, gas: 100_000n, host: 3, args: [], ...o,
});
const mapOne = (first: number): Step => ({ t: 'op', call: 'ecall', regs: [[11, 2n], [7, 64n], [8, BigInt(first)], [9, 1n], [10, 1n], [12, 40n << 32n]] });

describe('kernel cases', () => {
  test('`many` CREATEs 70 VMs in a loop: 71 VMs with ids 0..70, HANDLEs in slots 100..169 (both engines agree)', () => {
    const c = kernelCase(spec([{ t: 'many', n: 70, code: 2, first: 100 }, { t: 'op', call: 1, regs: [] }], []));
    const r = runKernelCase(model.kernel, c);
    const first = r.snapshots[0];
    expect(r.stops[0]?.exit).toEqual({ kind: 'protocol', id: 1 });
    expect(first?.vms.map((v) => v.id)).toEqual(Array.from({ length: 71 }, (_, i) => i));
    const root = first?.vms.find((v) => v.id === 0);
    expect(root?.slots.filter((s) => s.cap.kind === 'handle').map((s) => s.slot)).toEqual(Array.from({ length: 70 }, (_, i) => 100 + i));
    expect(diffCase(c, model, impl)).toBeNull();
  });

  test('a lent DATA cap mapped as pages 2 then 0: the frame at the child\'s host exit lists [0, 2]; REPLY maps both back', () => {
    const root: Step[] = [
      { t: 'op', call: 'ecall', regs: [[11, 7n], [12, (254n << 32n) | 35n]] },
      { t: 'op', call: 35, regs: [[7, 3n], [12, 40n]] },
      mapOne(2), mapOne(0),
      { t: 'op', call: 2, regs: [[7, 2n], [12, 31n]] }, // the child gets the protocol cap (bit 1)
      { t: 'op', call: 31, regs: [[7, 5n], [12, 40n]] }, // CALL, passing slot 40
    ];
    const c = kernelCase(spec(root, [{ t: 'op', call: 1, regs: [] }]));
    for (const e of [model, impl]) {
      const r = runKernelCase(e.kernel, c);
      const atHost = r.snapshots[0];
      expect(atHost?.active).toBe(1);
      expect(atHost?.stack).toEqual([{ caller: 0, ipcSlot: 40, ipcMapped: [0, 2], ipcCap: { backing: 0, pages: 3 } }]);
      const end = r.snapshots.at(-1)?.vms.find((v) => v.id === 0)?.slots.find((s) => s.slot === 40)?.cap;
      expect(end).toMatchObject({ kind: 'data', base: 64, mapped: [0, 2] });
    }
    expect(diffCase(c, model, impl)).toBeNull();
    // the same case rebuilt from the snapshot at the child's host exit (host seed ≡ RESTORE_EVERY − 1) ends the same way
    expect(diffCase({ ...c, host: RESTORE_EVERY - 1 }, model, impl)).toBeNull();
  });

  test('a child holding its own HANDLE cannot hop through it while it runs: its MOVE through slot 32 gets WHAT', () => {
    const root: Step[] = [
      { t: 'op', call: 2, regs: [[7, 2n], [12, 31n]] },
      { t: 'op', call: 'ecall', regs: [[11, 10n], [12, (31n << 32n) | 34n]] }, // DOWNGRADE 31 -> 34
      { t: 'op', call: 'ecall', regs: [[11, 6n], [12, (31n << 32n) | (31n << 8n) | 32n]] }, // MOVE the HANDLE into the child's slot 32
      { t: 'op', call: 34, regs: [[7, 0n], [12, 0n]] },
    ];
    const child: Step[] = [{ t: 'op', call: 'ecall', regs: [[11, 6n], [12, (((32n << 8n) | 1n) << 32n) | (32n << 8n) | 40n]] }, { t: 'op', call: 1, regs: [] }];
    const c = kernelCase(spec(root, child));
    const r = runKernelCase(model.kernel, c);
    const vm1 = r.snapshots[0]?.vms.find((v) => v.id === 1);
    expect(vm1?.regs[7]).toBe(WHAT);
    expect(vm1?.slots.map((s) => [s.slot, s.cap.kind])).toEqual([[1, 'protocol'], [32, 'handle']]);
    expect(diffCase(c, model, impl)).toBeNull();
  });

  test('bytes copied into a read-only mapped page that was never written show through the mapping, also after a copy into the next cap of the same backing run', () => {
    const root: Step[] = [
      { t: 'op', call: 'ecall', regs: [[11, 7n], [12, (254n << 32n) | 35n]] },
      { t: 'op', call: 35, regs: [[7, 2n], [12, 40n]] },
      { t: 'op', call: 'ecall', regs: [[11, 4n], [7, 1n], [12, (40n << 32n) | 42n]] }, // SPLIT: 40 keeps page 0, 42 gets page 1
      { t: 'op', call: 'ecall', regs: [[11, 2n], [7, 64n], [8, 0n], [9, 1n], [10, 0n], [12, 40n << 32n]] }, // MAP 40 read-only at page 64
      { t: 'op', call: 30, regs: [[7, 0n], [8, 8n], [9, 3n], [12, 42n]] }, // 8 bytes of slot 30 into 42 at byte 3
      { t: 'op', call: 30, regs: [[7, 0n], [8, 8n], [9, 0n], [12, 40n]] }, // and into 40 at byte 0
      { t: 'mem', opcode: 130, addr: 64n * 4096n, value: 0n }, // load_u64 into r2
      { t: 'op', call: 1, regs: [] },
    ];
    const c = kernelCase(spec(root, [], { data: [{ slot: 30, basePage: 32, pageCount: 1, access: 1, fill: [1, 2, 3, 4, 5, 6, 7, 8] }] }));
    const r = runKernelCase(model.kernel, c);
    expect(r.stops[0]?.exit).toEqual({ kind: 'protocol', id: 1 });
    expect(r.snapshots[0]?.vms.find((v) => v.id === 0)?.regs[2]).toBe(0x0807060504030201n);
    expect(diffCase(c, model, impl)).toBeNull();
  });

  test('dataBytes repeats the fill up to `repeat` bytes, at most the cap\'s pages', () => {
    const d = { slot: 30, basePage: 32, pageCount: 2, access: 1, fill: [7, 9] };
    expect(dataBytes(d)).toEqual(Uint8Array.of(7, 9));
    const long = dataBytes({ ...d, repeat: 5000 });
    expect([long.length, long[0], long[1], long[4096], long[4097], long[4999]]).toEqual([5000, 7, 9, 7, 9, 9]);
    expect(dataBytes({ ...d, pageCount: 1, repeat: 5000 }).length).toBe(4096);
  });

  test('with `overlap` the DATA caps keep their pages and the load fails; without, the second moves up to page 18', () => {
    const data = [{ slot: 0, basePage: 16, pageCount: 2, access: 1, fill: [] }, { slot: 30, basePage: 17, pageCount: 1, access: 1, fill: [] }];
    const bad = kernelCase(spec([], [], { data, overlap: true }));
    const good = kernelCase(spec([], [], { data }));
    const load = (c: typeof bad): string => { const r = model.kernel.load(c.blob, { gas: c.gas }); return r.ok ? 'ok' : r.error.class; };
    expect(load(bad)).toBe('overlapping_pages');
    expect(load(good)).toBe('ok');
    expect(good.text.some((l) => l.includes('DATA slot 30: pages 18+1'))).toBe(true);
  });
});

/** φ12 of an op step. */
const r12 = (st: Step | undefined): bigint | undefined => (st?.t === 'op' ? st.regs.find(([r]) => r === 12)?.[1] : undefined);
/** φ`r` of an op step. */
const reg = (st: Step | undefined, r: number): bigint | undefined => (st?.t === 'op' ? st.regs.find(([x]) => x === r)?.[1] : undefined);

describe('halves and hops', () => {
  test('`halves`: RETYPE n pages into 40, SPLIT into 42, MAP one half (its page count) first; each copy into the mapped half is read back at base·4096 + dst and shown at a host exit', () => {
    for (const ss of fc.sample(halves(), { seed: 5, numRuns: 100 })) {
      const n = reg(ss[1], 7) ?? 0n;
      const at = reg(ss[2], 7) ?? 0n;
      expect([r12(ss[0]), r12(ss[1]), reg(ss[2], 11), r12(ss[2]), reg(ss[3], 11)]).toEqual([(254n << 32n) | 35n, 40n, 4n, (40n << 32n) | 42n, 2n]);
      expect(n >= 2n && n <= 3n && at >= 1n && at < n).toBe(true);
      const mapped = (r12(ss[3]) ?? 0n) >> 32n;
      expect(reg(ss[3], 9)).toBe(mapped === 40n ? at : n - at);
      const base = reg(ss[3], 7) ?? 0n;
      for (let k = 4; k < ss.length; k++) {
        const st = ss[k];
        if (st?.t !== 'op' || st.call === 1) continue;
        // a copy: CALL on DATA from slot 30 or the other half into 40 or 42
        const into = r12(st);
        expect([30, 40, 42]).toContain(st.call);
        if (into === mapped) expect([ss[k + 1], ss[k + 2]]).toEqual([{ t: 'mem', opcode: 130, addr: base * 4096n + (reg(st, 9) ?? 0n), value: 0n }, { t: 'op', call: 1, regs: [] }]);
      }
    }
  });

  test('`hopStep`: both references hop through the same slot 31..33 (byte 1)', () => {
    for (const st of fc.sample(hopStep(), { seed: 9, numRuns: 100 })) {
      const ref = r12(st) ?? 0n;
      const [src, dst] = [ref >> 32n, ref & 0xffffffffn];
      expect([31n, 32n, 33n]).toContain(src >> 8n);
      expect(dst >> 8n).toBe(src >> 8n);
    }
  });

  test('a fair share of cases: `halves` in at least 1 root of 6, a hop first in at least 1 child of 4', () => {
    const specs = fc.sample(kernelSpec(), { seed: 11, numRuns: 300 });
    const isSplit = (st: Step): boolean => st.t === 'op' && reg(st, 11) === 4n && r12(st) === ((40n << 32n) | 42n);
    const roots = specs.filter((sp) => sp.programs[0]?.steps.some((st, k, all) => isSplit(st) && all[k + 1]?.t === 'op' && reg(all[k + 1], 11) === 2n) === true).length;
    const children = specs.flatMap((sp) => sp.programs.slice(1));
    const hopFirst = (st: Step | undefined): boolean => { const ref = r12(st) ?? 0n; return ref >> 40n !== 0n && ((ref >> 40n) & 0xffn) === ((ref >> 8n) & 0xffffffn); };
    const hops = children.filter((p) => hopFirst(p.steps[0]) || (p.steps[0]?.t === 'op' && p.steps[0].call === 1 && hopFirst(p.steps[1]))).length;
    expect(roots).toBeGreaterThanOrEqual(300 / 6);
    expect(hops).toBeGreaterThanOrEqual(children.length / 4);
  });

  test('a child holding its own HANDLE at 33 DROPs its protocol cap through it: WHAT, and slot 1 stays (both engines agree)', () => {
    const root: Step[] = [
      { t: 'op', call: 2, regs: [[7, 2n], [12, 31n]] }, // CREATE with the protocol cap (bitmask bit 1)
      { t: 'op', call: 'ecall', regs: [[11, 10n], [12, (31n << 32n) | 34n]] }, // DOWNGRADE 31 -> 34
      { t: 'op', call: 'ecall', regs: [[11, 6n], [12, (31n << 32n) | (31n << 8n) | 33n]] }, // MOVE the HANDLE into the child's slot 33
      { t: 'op', call: 34, regs: [[7, 0n], [12, 0n]] },
    ];
    const drop: Step = { t: 'op', call: 'ecall', regs: [[11, 5n], [12, (((33n << 8n) | 1n) << 32n) | (33n << 8n) | 40n]] };
    const c = kernelCase(spec(root, [drop, { t: 'op', call: 1, regs: [] }]));
    const vm1 = runKernelCase(model.kernel, c).snapshots[0]?.vms.find((v) => v.id === 1);
    expect(vm1?.regs[7]).toBe(WHAT);
    expect(vm1?.slots.map((s) => [s.slot, s.cap.kind])).toEqual([[1, 'protocol'], [33, 'handle']]);
    expect(diffCase(c, model, impl)).toBeNull();
  });
});

describe('restores and snapshot order', () => {
  test('withLaterIds moves only nextVmId; a VM CREATEd after such a restore gets id 2^22 + 1 (both engines agree)', () => {
    const root: Step[] = [{ t: 'op', call: 1, regs: [] }, { t: 'op', call: 2, regs: [[7, 0n], [12, 31n]] }, { t: 'op', call: 1, regs: [] }];
    const c = { ...kernelCase(spec(root, [])), host: 2 * RESTORE_EVERY - 1 }; // restored with later ids
    const r = runKernelCase(model.kernel, c);
    expect(r.snapshots[0]?.nextVmId).toBe(1);
    expect(r.snapshots[1]?.vms.map((v) => v.id)).toEqual([0, LATER_IDS + 1]);
    const s = r.snapshots[0];
    if (s === undefined) throw new Error('no snapshot');
    expect(withLaterIds(s, 5)).toEqual({ ...s, nextVmId: 6 });
    expect(diffCase(c, model, impl)).toBeNull();
  });

  test('compareKernel flags snapshots whose backing pages come in another order (the canonical order is ascending)', () => {
    const c = kernelCase(spec([], [], { data: [{ slot: 30, basePage: 32, pageCount: 2, access: 1, fill: [1], repeat: 4097 }] }));
    const a = runKernelCase(model.kernel, c);
    const b = runKernelCase(model.kernel, c);
    const last = b.snapshots.at(-1);
    if (last === undefined) throw new Error('no snapshot');
    expect(last.backing.map((p) => p.page)).toEqual([0, 1]);
    b.snapshots[b.snapshots.length - 1] = { ...last, backing: [...last.backing].reverse() };
    expect(orderPaths(a.snapshots.at(-1) ?? last, b.snapshots.at(-1) ?? last)).toEqual(['backing: pages [0, 1] vs [1, 0]']);
    expect(compareKernel(a, b)?.summary).toMatch(/another order/);
    expect(compareKernel(a, runKernelCase(model.kernel, c))).toBeNull();
  });
});
