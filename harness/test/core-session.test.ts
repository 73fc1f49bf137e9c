/**
 * Resumable core sessions (vectors/lib/engine.ts CoreSession) on every core engine that offers one:
 * a run in pieces, with host answers to ecalli exits and step budgets, gives what the rules give
 * (hand-derived below) and equals the model's session run after run; after an exit a session
 * continues exactly as runCore from its snapshot would, after a budget stop as one uninterrupted run.
 */
import { describe, expect, test } from 'vitest';
import { fibLoopBlob } from '../../model/test/fixtures/fib-loop.js';
import { modelCore } from '../../model/index.js';
import type { CoreEngine, CoreSession } from '../../vectors/lib/engine.js';
import type { CodeImage, CoreRunInput } from '../../vectors/lib/types.js';
import { WORKLOADS } from '../bench/workloads.js';
import { CORE_ENGINES } from './support/core-engines.js';

const SESSIONS = CORE_ENGINES.filter((e) => e.core.start !== undefined);
const workload = (name: string) => {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`no workload ${name}`);
  return w;
};

function gpInput(core: CoreEngine, name: string, size: number): { input: CoreRunInput; host: (id: number, k: number) => readonly [bigint, bigint] } {
  const c = workload(name).build(size);
  if (c.gp === null) throw new Error(`${name} has no gp program`);
  const image = core.parseCode('gp', c.gp.blob);
  if (!image.ok) throw new Error(image.error.message);
  return { input: { profile: 'gp', image: image.value, pc: 0, gas: c.gp.gas, regs: c.gp.regs, pages: c.gp.pages, memory: [] }, host: c.host ?? (() => [0n, 0n]) };
}

const start = (core: CoreEngine, input: CoreRunInput): CoreSession => {
  if (core.start === undefined) throw new Error(`${core.name} has no sessions`);
  return core.start(input);
};

/** The fib-loop fixture's CODE sub-blob (10-byte JAR header, one 19-byte cap entry, then the sub-blob). */
const FIB_LOOP = fibLoopBlob.subarray(29, 69);

test('the model and the impl offer sessions (so the tests below are not empty)', () => {
  expect(SESSIONS.map((e) => e.name)).toEqual(expect.arrayContaining(['model', 'impl', 'impl-interp', 'impl-jit']));
});

describe.each(SESSIONS)('core session on $name', ({ core }) => {
  test('gp ecalli workload, n = 5, host answers k to the k-th call: hand-derived steps, gas and the sum 15', () => {
    // program: load_imm r2, 5 | load_imm r3, 0 | fallthrough | loop: ecalli 1 | add_64 r3 += r7 | add_imm_64 r2 -= 1 |
    // branch_ne_imm r2, 0, @loop | move_reg r7, r3 | load_imm r0, -65536 | jump_ind r0 (the GP halt).
    // First run: the 3 set-up instructions + ecalli = 4 steps; each later call: add, add_imm, branch, ecalli = 4;
    // the last run: add, add_imm, branch, move_reg, load_imm, jump_ind = 6. gp: one gas per instruction.
    const { input } = gpInput(core, 'ecalli', 5);
    const s = start(core, input);
    const steps: number[] = [];
    for (let k = 1; ; k++) {
      const r = s.run();
      steps.push(r.steps);
      if (r.exit?.kind !== 'ecalli') {
        expect(r.exit).toEqual({ kind: 'halt' });
        break;
      }
      expect(r.exit.id).toBe(1);
      s.setReg(7, BigInt(k));
      s.setReg(8, 0n);
    }
    expect(steps).toEqual([4, 4, 4, 4, 4, 6]);
    expect(s.getReg(7)).toBe(15n); // 1 + 2 + 3 + 4 + 5
    expect(input.gas - s.gas).toBe(26n); // 4·5 + 6 instructions
    expect(s.snapshot().regs[7]).toBe(15n);
  });

  test('jar1 budget stops keep the block paid: the fib loop stepped one instruction at a time', () => {
    // block@0 = three load_imm + fallthrough costs 1; the loop block costs 19 (tests/fib-core.test.ts).
    // Stepping: the first step pays 1, the next three nothing, the fifth (first loop instruction) pays 19.
    const image = core.parseCode('jar1', FIB_LOOP);
    if (!image.ok) throw new Error(image.error.message);
    const gas = 1_000_000n;
    const s = start(core, { profile: 'jar1', image: image.value, pc: 0, gas, regs: Array<bigint>(13).fill(0n), pages: [], memory: [], memoryPages: 0 });
    const spent: bigint[] = [];
    for (let k = 0; k < 6; k++) {
      expect(s.run(1)).toEqual({ exit: null, steps: 1 });
      spent.push(gas - s.gas);
    }
    expect(spent).toEqual([1n, 1n, 1n, 1n, 20n, 20n]);
    expect(s.run(0)).toEqual({ exit: null, steps: 0 });
    expect(s.gas).toBe(gas - 20n);
  });

  test('after an exit, run() continues as runCore from the snapshot would (a new block charge)', () => {
    const { input } = gpInput(core, 'ecalli', 3);
    const s = start(core, input);
    expect(s.run().exit).toEqual({ kind: 'ecalli', id: 1 });
    s.setReg(7, 7n);
    const snap = s.snapshot();
    const viaRunCore = core.runCore({ ...input, pc: snap.pc, gas: snap.gas, regs: snap.regs, pages: snap.pages, memory: snap.memory });
    const next = s.run();
    expect(next.exit).toEqual(viaRunCore.exit);
    expect(next.steps).toBe(viaRunCore.steps);
    expect(s.snapshot()).toEqual(viaRunCore.state);
  });
});

/** Drives a session with budgets (cycled) and the workload's host answers until it ends; every run reported. */
function drive(s: CoreSession, budgets: readonly number[], host: (id: number, k: number) => readonly [bigint, bigint], maxRuns: number) {
  const out: unknown[] = [];
  let calls = 0;
  for (let k = 0; k < maxRuns; k++) {
    const r = s.run(budgets[k % budgets.length]);
    out.push({ r, pc: s.pc, gas: s.gas, regs: Array.from({ length: 13 }, (_, i) => s.getReg(i)) });
    if (r.exit === null) continue;
    if (r.exit.kind !== 'ecalli') break;
    const [r7, r8] = host(r.exit.id, ++calls);
    s.setReg(7, r7);
    s.setReg(8, r8);
  }
  out.push(s.snapshot());
  return out;
}

describe.each(SESSIONS.filter((e) => e.core !== modelCore))('core session on $name against the model', ({ core }) => {
  test.each([
    ['ecalli', 40, [Infinity]],
    ['ecalli', 12, [1, 2, 3, 5, 8]],
    ['sort', 24, [Infinity]],
    ['sort', 24, [7, 1, 30, 2]],
    ['sieve', 300, [13, 64]],
    ['fib-loop', 50, [3, 1, 4, 1, 5, 9, 2, 6]],
  ] as const)('gp %s size %i, budgets %j: every run, register and the final memory equal', (name, size, budgets) => {
    const m = gpInput(modelCore, name, size);
    const i = gpInput(core, name, size);
    expect(drive(start(core, i.input), budgets, i.host, 5_000)).toEqual(drive(start(modelCore, m.input), budgets, m.host, 5_000));
  });

  test('jar1 profile with memory: block payment across budgets equals', () => {
    // the gp sort image run in the jar1 profile: single-pass block gas with memCycles 50 (4,000 memory pages)
    const m = gpInput(modelCore, 'sort', 16);
    const i = gpInput(core, 'sort', 16);
    const as = (x: CoreRunInput, image: CodeImage): CoreRunInput => ({ ...x, profile: 'jar1', image, memoryPages: 4_000 });
    for (const budgets of [[Infinity], [1], [2, 9, 1]]) {
      const mine = drive(start(core, as(i.input, i.input.image)), budgets, i.host, 3_000);
      const theirs = drive(start(modelCore, as(m.input, m.input.image)), budgets, m.host, 3_000);
      expect(mine, `budgets ${budgets.join(',')}`).toEqual(theirs);
    }
  });
});
