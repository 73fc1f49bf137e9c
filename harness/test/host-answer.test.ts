/**
 * KernelSession.answerProtocolCall on both engines (spec-notes/0063, 0064): the order charge, writes,
 * φ7/φ8; writes land in the backing page of the active VM's DATA cap; a denied write ends the
 * invocation with Panic and run() reports it again; the model's states are not mutated; and
 * vectors/lib/host.ts applies the same rules to a gp machine state.
 */
import { describe, expect, test } from 'vitest';
import { asm, jarBlob } from '../asm/index.js';
import { ENGINES } from '../engines.js';
import { kernelViolations } from '../invariants.js';
import { answerCoreState } from '../../vectors/lib/host.js';
import { answerProtocolCall } from '../../model/kernel/host.js';
import { fromSnapshot } from '../../model/kernel/engine.js';

// protocol call 5, then REPLY with φ7; one RW page at 0x20 (backing page 0) and one RO page at 0x40 (backing page 1)
const blob = jarBlob({
  caps: [
    { slot: 64, type: 'code', image: asm`
        ecalli 5
        ecalli 0` },
    { slot: 65, type: 'data', basePage: 0x20, pageCount: 1, access: 'W' },
    { slot: 66, type: 'data', basePage: 0x40, pageCount: 1, access: 'R' },
  ],
});
const G = 100_000n;

function atCall(engine: string) {
  const loaded = ENGINES[engine]?.kernel.load(blob, { gas: G });
  if (loaded === undefined || !loaded.ok) throw new Error('the test blob does not load');
  const s = loaded.value;
  expect(s.run().exit).toEqual({ kind: 'protocol', id: 5 });
  return s;
}
const gasOf = (s: ReturnType<typeof atCall>): bigint => s.snapshot().vms[0]?.gas ?? -1n;

describe.each(['model', 'impl'])('%s: answerProtocolCall', (engine) => {
  test('writes, then φ7/φ8; the bytes land in the cap\'s backing page; the charge comes off the gas', () => {
    const s = atCall(engine);
    const before = gasOf(s);
    const ended = s.answerProtocolCall({ r7: 7n, r8: 8n, charge: 40n, writes: [{ address: 0x20ffe, bytes: Uint8Array.of(1, 2) }, { address: 0x20fff, bytes: Uint8Array.of(9) }] });
    expect(ended).toBeNull();
    const snap = s.snapshot();
    expect(snap.vms[0]?.regs[7]).toBe(7n);
    expect(snap.vms[0]?.regs[8]).toBe(8n);
    expect(snap.vms[0]?.gas).toBe(before - 40n);
    const page = snap.backing.find((p) => p.page === 0)?.bytes;
    expect([page?.[4094], page?.[4095]]).toEqual([1, 9]); // the later write over the earlier one
    expect(s.run().exit).toEqual({ kind: 'halt', value: 7n });
  });

  test.each([
    ['a read-only page', 0x40000],
    ['an unmapped page', 0x30000],
    ['past 2^32', 0xffffffff],
  ])('a write to %s ends the invocation with panic, the charge kept and nothing written', (_what, address) => {
    const s = atCall(engine);
    const before = gasOf(s);
    const ok = { address: 0x20000, bytes: Uint8Array.of(5) };
    expect(s.answerProtocolCall({ r7: 7n, r8: 8n, charge: 3n, writes: [ok, { address, bytes: Uint8Array.of(1, 2) }] })).toEqual({ kind: 'panic' });
    const snap = s.snapshot();
    expect(snap.vms[0]?.status).toBe('faulted');
    expect(snap.vms[0]?.gas).toBe(before - 3n);
    expect(snap.vms[0]?.regs[7]).toBe(0n); // φ7 not written
    expect(snap.backing).toEqual([]); // not even the allowed first write
    expect(s.run().exit).toEqual({ kind: 'panic' });
  });

  test('a charge beyond the gas left saturates at 0; the next block runs out of gas', () => {
    const s = atCall(engine);
    expect(s.answerProtocolCall({ r7: 0n, r8: 0n, charge: (1n << 64n) - 1n })).toBeNull();
    expect(gasOf(s)).toBe(0n);
    expect(s.run().exit).toEqual({ kind: 'oog' });
  });
});

// the root CREATEs a child from the CODE cap in slot 33, copying protocol cap 5 (bitmask bit 5), and CALLs it;
// the child makes protocol call 5
const childBlob = jarBlob({
  memoryPages: 1,
  invokeCap: 32,
  caps: [
    { slot: 32, type: 'code', image: asm`
        load_imm r7, 0x20
        load_imm r12, 64
        ecalli 33
        load_imm r12, 0
        ecalli 64
        ecalli 0` },
    { slot: 33, type: 'code', image: asm`
        ecalli 5
        ecalli 0` },
  ],
});

test.each(['model', 'impl'])('%s: a denied write while a child is active ends the invocation; the child keeps its state', (engine) => {
  const loaded = ENGINES[engine]?.kernel.load(childBlob, { gas: G });
  if (loaded === undefined || !loaded.ok) throw new Error('the child blob does not load');
  const s = loaded.value;
  expect(s.run().exit).toEqual({ kind: 'protocol', id: 5 });
  expect(s.snapshot().active).toBe(1);
  expect(s.answerProtocolCall({ r7: 0n, r8: 0n, writes: [{ address: 0x10000, bytes: Uint8Array.of(1) }] })).toEqual({ kind: 'panic' });
  const snap = s.snapshot();
  expect(snap.vms.map((v) => v.status)).toEqual(['waiting', 'running']);
  expect(kernelViolations(snap)).toEqual([]);
  expect(s.run().exit).toEqual({ kind: 'panic' });
});

test('the model does not mutate the state it answers', () => {
  const s = atCall('model');
  const state = fromSnapshot(s.snapshot());
  const frozen = JSON.stringify(s.snapshot(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  const r = answerProtocolCall(state, { r7: 1n, r8: 2n, charge: 5n, writes: [{ address: 0x20000, bytes: Uint8Array.of(0xaa) }] });
  expect(r.exit).toBeNull();
  expect(state.backing.size).toBe(0);
  expect(r.state.backing.get(0)?.[0]).toBe(0xaa);
  expect(JSON.stringify(s.snapshot(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe(frozen);
});

describe('answerCoreState (gp)', () => {
  const state = { gas: 50n, regs: Array.from({ length: 13 }, () => 0n), pages: [{ address: 0x20000, length: 4096, access: 'W' as const }, { address: 0x21000, length: 4096, access: 'R' as const }], memory: [] };

  test('charge, writes as chunks, then φ7/φ8', () => {
    const r = answerCoreState(state, { r7: 1n, r8: 2n, charge: 60n, writes: [{ address: 0x20010, bytes: Uint8Array.of(3) }] });
    expect(r.rejected).toBe(false);
    expect(r.state.gas).toBe(0n); // 50 - 60 saturates
    expect(r.state.memory).toEqual([{ address: 0x20010, bytes: Uint8Array.of(3) }]);
    expect([r.state.regs[7], r.state.regs[8]]).toEqual([1n, 2n]);
  });

  test('a write reaching the read-only page is rejected with only the charge applied', () => {
    const r = answerCoreState(state, { r7: 1n, r8: 2n, charge: 10n, writes: [{ address: 0x20fff, bytes: Uint8Array.of(1, 2) }] });
    expect(r.rejected).toBe(true);
    expect(r.state.gas).toBe(40n);
    expect(r.state.memory).toEqual([]);
    expect(r.state.regs[7]).toBe(0n);
  });
});
