/**
 * Code with more block starts than a JavaScript Set can hold (2^24): 2^24 + 8 one-byte `fallthrough`
 * instructions, each a block terminator, between a `jump` over them and a final `trap`. Both engines
 * and `javm disasm` give defined results (issue 14, item 3); before, the model's block-start Set threw
 * `RangeError: Set maximum size exceeded`. Expected values are derived by hand from the layout:
 *
 *   pc 0: jump @(5 + N)     (opcode 40, OneOffset, 4 offset bytes)
 *   pc 5 .. 4 + N: fallthrough × N
 *   pc 5 + N: trap
 *
 * gp: the jump's block costs 1, the trap's block 1 (one unit per instruction, spec-notes/0026), so
 * gas used is 2, the exit is trap at pc 5 + N. jar1 (the same code as the invoked CODE cap): the
 * root VM panics at pc 5 + N (trap under the kernel).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gpBlob, jarBlob } from '../asm/index.js';
import { runCli } from '../cli/main.js';
import { ENGINES } from '../engines.js';
import type { CodeImage } from '../../vectors/lib/types.js';

const N = 2 ** 24 + 8;
const TRAP_PC = 5 + N;

function bigImage(): CodeImage {
  const code = new Uint8Array(TRAP_PC + 1);
  code[0] = 40; // jump
  new DataView(code.buffer).setInt32(1, TRAP_PC, true);
  code.fill(1, 5, TRAP_PC); // fallthrough
  code[TRAP_PC] = 0; // trap
  const bitmask = new Uint8Array(code.length).fill(1);
  bitmask.fill(0, 1, 5);
  return { code, bitmask, jumpTable: [] };
}

const image = bigImage();
const gp = gpBlob(image);
const dir = mkdtempSync(join(tmpdir(), 'javm-big-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(Object.values(ENGINES))('$name engine, 2^24 + 8 block-ending instructions', (engine) => {
  test('gp: the jump over them reaches the trap; gas 2', () => {
    const parsed = engine.core.parseCode('gp', gp);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const r = engine.core.runCore({ profile: 'gp', image: parsed.value, pc: 0, gas: 100n, regs: new Array<bigint>(13).fill(0n), pages: [], memory: [] });
    expect(r.exit).toEqual({ kind: 'trap' });
    expect(r.state.pc).toBe(TRAP_PC);
    expect(r.state.gas).toBe(98n);
  });
  test('jar1: the root VM panics at the trap', () => {
    const loaded = engine.kernel.load(jarBlob({ caps: [{ slot: 64, type: 'code', image }] }), { gas: 1_000_000n, reg7: 0n });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const { exit } = loaded.value.run();
    expect(exit?.kind).toBe('panic');
    const snap = loaded.value.snapshot();
    expect(snap.vms.find((vm) => vm.id === snap.active)?.pc).toBe(TRAP_PC);
  });
});

test('javm disasm lists all N + 2 instructions, streaming', () => {
  const file = join(dir, 'big.bin');
  writeFileSync(file, gp);
  let lines = 0;
  let first = '';
  let last = '';
  const code = runCli(['disasm', file], {
    out: (l) => {
      lines++;
      if (lines === 2) first = l;
      last = l;
    },
    err: () => {},
  });
  expect(code).toBe(0);
  expect(lines).toBe(1 + N + 2); // the header, the jump, N fallthroughs, the trap
  expect(first).toMatch(/^>\s+0: 28 0d 00 00 01\s+jump @16777229$/);
  expect(last).toMatch(/^>16777229: 00\s+trap$/);
});
