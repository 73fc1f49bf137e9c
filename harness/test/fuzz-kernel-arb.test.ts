/**
 * The kernel arbitrary's sharper parts (harness/fuzz/kernel-arb.ts `many`, `lend`, `give`, `dataBytes`,
 * `overlap`), run.ts's restores with later VM ids, and diff.ts's snapshot order check do what they claim.
 * Expected values are derived by hand from the cases built (slots, page numbers, ids), not from the code.
 */
import { describe, expect, test } from 'vitest';
import { ENGINES, type Engine } from '../engines.js';
import { compareKernel, diffCase, orderPaths } from '../fuzz/diff.js';
import { dataBytes, kernelCase, type KernelSpec, type Step } from '../fuzz/kernel-arb.js';
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
