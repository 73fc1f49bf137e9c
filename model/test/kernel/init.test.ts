/**
 * Kernel init from a JAR v2 blob, the parts spec-notes.test.ts (note 0053) does not pin: args placement
 * (spec-notes/0022: written at the base of the slot-0 DATA cap over its init data, φ8 = base address,
 * φ9 = length; no args: φ8 = φ9 = 0), φ7 from the reg7 option, args that do not fit, init gas exactly
 * paid (spec-notes/0021), and the loaded state keeping the kernel invariants.
 */
import { expect, test } from 'vitest';
import { jarBlob } from '../../../vectors/lib/asm.js';
import { kernelViolations } from '../../../harness/invariants.js';
import { modelKernel } from '../../kernel/index.js';
import { code, data, drive, ECALLI, kernel, LOAD_U8, page, protocol, TRAP, untyped, vm } from './build.js';

const G = 100_000n;
// the program reads byte 0 of page 16 (the slot-0 DATA cap) and REPLYs it
const READER = code(LOAD_U8(7, 16 * 4096), ECALLI(0));
const blob = jarBlob({ caps: [{ slot: 64, type: 'code', image: READER }, { slot: 0, type: 'data', basePage: 16, pageCount: 1, access: 'W', data: Uint8Array.of(1, 2, 3, 4) }] });
const protocolSlots = Object.fromEntries(Array.from({ length: 28 }, (_, k) => [k + 1, protocol(k + 1)]));
const protocolIds = Array.from({ length: 28 }, (_, k) => k + 1);

test('args 9, 8, 7 overlay the init data 1, 2, 3, 4 at page 16; φ8 = 65,536, φ9 = 3, φ7 = reg7; 1,500 init gas', () => {
  const s = modelKernel.load(blob, { gas: G, args: Uint8Array.of(9, 8, 7), reg7: 5n });
  if (!s.ok) throw new Error(s.error.message);
  expect(s.value.initGas).toBe(1_500n);
  const snap = s.value.snapshot();
  expect(snap).toEqual(kernel({
    code: [READER], untyped: { offset: 1, total: 1 }, backing: [page(0, { 0: 9, 1: 8, 2: 7, 3: 4 })],
    vms: [vm({
      id: 0, status: 'running', gas: G - 1_500n, regs: { 7: 5n, 8: 65_536n, 9: 3n }, original: protocolIds,
      slots: { ...protocolSlots, 0: data(0, 1, { base: 16, access: 'W', mapped: [0] }), 64: { kind: 'code', id: 0 }, 254: untyped() },
    })],
  }));
  expect(kernelViolations(snap)).toEqual([]);
  expect(drive(s.value).exit).toEqual({ kind: 'halt', value: 9n }); // the program sees its first arg byte
});

test('without args φ8 = φ9 = 0 and the init data is intact (the program reads 1)', () => {
  const s = modelKernel.load(blob, { gas: G });
  if (!s.ok) throw new Error(s.error.message);
  const r0 = s.value.snapshot().vms[0]?.regs;
  expect([r0?.[7], r0?.[8], r0?.[9]]).toEqual([0n, 0n, 0n]);
  expect(drive(s.value).exit).toEqual({ kind: 'halt', value: 1n });
});

test('args longer than the slot-0 DATA cap (4,097 bytes > 1 page): out_of_bounds', () => {
  const s = modelKernel.load(blob, { gas: G, args: new Uint8Array(4097) });
  expect(s.ok ? null : s.error.class).toBe('out_of_bounds');
});

test('args without a DATA cap in slot 0: out_of_bounds', () => {
  const noSlot0 = jarBlob({ caps: [{ slot: 64, type: 'code', image: code(TRAP) }] });
  const s = modelKernel.load(noSlot0, { gas: G, args: Uint8Array.of(1) });
  expect(s.ok ? null : s.error.class).toBe('out_of_bounds');
});

test('gas exactly the init gas: loads with 0 gas, and the first block (load_u8 + ecalli: 97) is out of gas', () => {
  const s = modelKernel.load(blob, { gas: 1_500n });
  if (!s.ok) throw new Error(s.error.message);
  expect(s.value.snapshot().vms[0]?.gas).toBe(0n);
  expect(s.value.run(1)).toEqual({ exit: { kind: 'oog' }, steps: 0 });
});
