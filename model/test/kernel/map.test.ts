/**
 * MAP (ecall 0x02) of the subject DATA cap: φ7 base page, φ8 first page, φ9 count, φ10 access (0 RO,
 * 1 RW, else WHAT: spec-notes/0046). Base and access are fixed by the first MAP; pages stay inside the
 * cap and the 2^20-page address space; no page of the CNode's address space is mapped twice
 * (spec-notes/0029). Success leaves φ7 as it was. Spec: Lean `handleMap`; Rust `ecall_map`.
 * Gas: ecall block 1 + dispatch 10 = 11; pc after the ecall = 1.
 */
import { describe, expect, test } from 'vitest';
import type { CapSnapshot, KernelSnapshot } from '../../../vectors/lib/kernel.js';
import { code, data, ECALL, ecallRoot, edit, handle, kernel, mappedData, OP, protocol, ref, refs, step, TRAP, vm, WHAT } from './build.js';

const G = 10_000n;
function pre(args: [bigint, bigint, bigint, bigint], slots: Record<number, CapSnapshot>, subject = 3): KernelSnapshot {
  const [b, f, c, a] = args;
  return kernel({ code: [code(ECALL, TRAP)], vms: [ecallRoot(OP.MAP, refs(subject), { regs: { 7: b, 8: f, 9: c, 10: a }, slots: { 64: handle(1), ...slots } }), vm({ id: 1, slots: { 5: data(8, 2) } })] });
}
const ok = (s: KernelSnapshot, cap: CapSnapshot, slot = 3) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1, slots: { [slot]: cap } } } });
const what = (s: KernelSnapshot) => edit(s, { vms: { 0: { gas: G - 11n, pc: 1, regs: { 7: WHAT } } } });

describe('MAP', () => {
  test('first MAP fixes base 16 and RW, maps pages 1..2', () => {
    const s = pre([16n, 1n, 2n, 1n], { 3: data(0, 4) });
    expect(step(s).snap).toEqual(ok(s, data(0, 4, { base: 16, access: 'W', mapped: [1, 2] })));
  });

  test('access 0 is read-only', () => {
    const s = pre([16n, 0n, 4n, 0n], { 3: data(0, 4) });
    expect(step(s).snap).toEqual(ok(s, data(0, 4, { base: 16, access: 'R', mapped: [0, 1, 2, 3] })));
  });

  test('a second MAP with the same base and access adds pages', () => {
    const s = pre([16n, 0n, 1n, 1n], { 3: data(0, 4, { base: 16, access: 'W', mapped: [1, 2] }) });
    expect(step(s).snap).toEqual(ok(s, data(0, 4, { base: 16, access: 'W', mapped: [0, 1, 2] })));
  });

  test('count 0 fixes base and access and maps nothing', () => {
    const s = pre([16n, 0n, 0n, 1n], { 3: data(0, 4) });
    expect(step(s).snap).toEqual(ok(s, data(0, 4, { base: 16, access: 'W' })));
  });

  test('through a hop: maps VM 1 slot 5 in VM 1 address space', () => {
    const s = pre([16n, 0n, 2n, 1n], {}, ref(5, 64));
    expect(step(s).snap).toEqual(edit(s, { vms: { 0: { gas: G - 11n, pc: 1 }, 1: { slots: { 5: mappedData(8, 2, 16) } } } }));
  });

  test('the same address page mapped by a cap of another CNode does not conflict', () => {
    const s = kernel({
      code: [code(ECALL, TRAP)],
      vms: [ecallRoot(OP.MAP, refs(3), { regs: { 7: 8n, 8: 0n, 9: 2n, 10: 1n }, slots: { 3: data(0, 2), 64: handle(1) } }), vm({ id: 1, slots: { 5: mappedData(8, 2, 8) } })],
    });
    expect(step(s).snap).toEqual(ok(s, mappedData(0, 2, 8)));
  });

  test.each<[string, [bigint, bigint, bigint, bigint], Record<number, CapSnapshot>]>([
    ['not a DATA cap', [16n, 0n, 1n, 1n], { 3: protocol(1) }],
    ['an empty slot', [16n, 0n, 1n, 1n], {}],
    ['access 2', [16n, 0n, 1n, 2n], { 3: data(0, 4) }],
    ['pages past the cap (3 + 2 > 4)', [16n, 3n, 2n, 1n], { 3: data(0, 4) }],
    ['a count of 2^64 − 1 (no wrapping)', [16n, 1n, 2n ** 64n - 1n, 1n], { 3: data(0, 4) }],
    ['a base other than the fixed 16', [17n, 0n, 1n, 1n], { 3: data(0, 4, { base: 16, access: 'W', mapped: [1] }) }],
    ['an access other than the fixed RW', [16n, 0n, 1n, 0n], { 3: data(0, 4, { base: 16, access: 'W', mapped: [1] }) }],
    ['pages past 2^20 (base 2^20 − 1, 2 pages)', [(1n << 20n) - 1n, 0n, 2n, 1n], { 3: data(0, 4) }],
    ['a page another DATA cap of the CNode maps (page 17)', [16n, 1n, 1n, 1n], { 3: data(0, 4), 4: mappedData(4, 1, 17) }],
  ])('%s: WHAT', (_, args, slots) => {
    const s = pre(args, slots);
    expect(step(s).snap).toEqual(what(s));
  });

  test('a subject hop that fails: WHAT', () => {
    const s = pre([16n, 0n, 1n, 1n], {}, ref(5, 65));
    expect(step(s).snap).toEqual(what(s));
  });
});
