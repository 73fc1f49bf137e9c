/**
 * Kernel states are values (STYLE.md, issue 14 item 6): every program of the jar1 program vectors runs
 * one instruction (and its kernel transition) at a time from a deep-frozen state, and after each step
 * the input state's snapshot (backing bytes included) is unchanged. Plain parts are frozen with
 * Object.freeze, so a write throws in this strict-mode module; the persistent collections are
 * immutable by construction; byte arrays cannot be frozen, so the snapshot comparison covers them.
 * The exits must still be the vectors' expected ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isImmutable } from 'immutable';
import { describe, expect, test } from 'vitest';
import { fromHex, fromU64, hostAnswerFrom, kernelExitJson, snapshotJson, type HostAnswerJson } from '../../../vectors/lib/format.js';
import type { KernelExit } from '../../../vectors/lib/types.js';
import { answerProtocolCall, loadKernel, runKernel, toSnapshot, type KernelState } from '../../kernel/index.js';

const ROOT = join(import.meta.dirname, '../../../vectors/jar1/program');

interface ProgramVector {
  readonly name: string;
  readonly input: { blob: string; gas: string; reg7: string; args: string; host: HostAnswerJson[] };
  readonly expected: { accepted: boolean; exits: { exit: unknown }[] };
}

const vectors: ProgramVector[] = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(ROOT, f), 'utf8')) as ProgramVector);

/** Freezes a value and everything reachable from it (typed arrays excepted: they cannot be frozen). */
function deepFreeze(x: unknown, seen = new Set<unknown>()): void {
  if (x === null || typeof x !== 'object' || seen.has(x) || ArrayBuffer.isView(x)) return;
  seen.add(x);
  if (isImmutable(x)) {
    for (const v of (x as unknown as { values(): Iterable<unknown> }).values()) deepFreeze(v, seen);
    return;
  }
  Object.freeze(x);
  for (const v of Object.values(x)) deepFreeze(v, seen);
}

/** A deep copy of a state's whole content, for before/after comparison. */
const content = (s: KernelState): string => JSON.stringify(snapshotJson(toSnapshot(s)));

/** A step budget for the whole program: the vectors end within it (gas bounds them). */
const MAX_STEPS = 200_000;

/** Runs a vector's program one instruction at a time from frozen states; returns the exits (the vector's JSON form). */
function stepFrozen(v: ProgramVector): { exits: unknown[]; steps: number } {
  const args = fromHex(v.input.args);
  const loaded = loadKernel(fromHex(v.input.blob), { gas: fromU64(v.input.gas), reg7: fromU64(v.input.reg7), ...(args.length > 0 ? { args } : {}) });
  expect(loaded.ok).toBe(v.expected.accepted);
  if (!loaded.ok) return { exits: [], steps: 0 };
  let s = loaded.value.state;
  const exits: unknown[] = [];
  let exit: KernelExit | null = loaded.value.initOutOfGas ? { kind: 'oog' } : null;
  let steps = 0;
  let answered = 0;
  while (exit === null && steps < MAX_STEPS) {
    deepFreeze(s);
    const before = content(s);
    const r = runKernel(s, 1);
    expect(content(s)).toBe(before);
    steps += Math.max(r.steps, 1);
    s = r.state;
    exit = r.exit;
    if (exit?.kind === 'protocol' && answered < v.input.host.length) {
      exits.push(kernelExitJson(exit));
      const a = v.input.host[answered++];
      deepFreeze(s);
      const atCall = content(s);
      const answer = a === undefined ? { r7: 0n, r8: 0n } : hostAnswerFrom(a);
      const resumed = answerProtocolCall(s, answer);
      expect(content(s)).toBe(atCall);
      s = resumed.state;
      exit = resumed.exit;
    }
  }
  exits.push(kernelExitJson(exit));
  return { exits, steps };
}

describe('kernel transitions never change their input state', () => {
  test('the vectors are there: at least 300 jar1 programs, among them CALL chains, CREATE, MAP and CALL on DATA', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(300);
    for (const name of ['prog_call_chain_depth_144', 'prog_map_retyped_cap_rw_store_load', 'prog_reply_restores_ipc_data_mapping']) {
      expect(vectors.some((v) => v.name === name)).toBe(true);
    }
  });

  test('a frozen state is frozen: writing a VM field throws', () => {
    const loaded = loadKernel(fromHex(vectors.find((v) => v.name === 'prog_call_chain_depth_5')?.input.blob ?? ''), { gas: 1_000_000n, reg7: 5n });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const s = loaded.value.state;
    deepFreeze(s);
    const vm0 = s.vms.get(0);
    expect(vm0).toBeDefined();
    expect(() => {
      (vm0 as { pc: number }).pc = 7;
    }).toThrow(TypeError);
    expect(() => {
      (s as { active: number }).active = 3;
    }).toThrow(TypeError);
  });

  test.each(vectors.map((v) => [v.name, v] as const))('%s: stepped from frozen states, same exits as the vector', (_name, v) => {
    const r = stepFrozen(v);
    expect(r.exits).toEqual(v.expected.exits.map((e) => e.exit));
  });
});
