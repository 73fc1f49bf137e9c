/**
 * The benchmark workloads on the model (smaller sizes than the benchmark's, the model being slow), in
 * both profiles, against results computed in plain JS; the SHA3 digest against node:crypto; and the
 * gp programs on the two peer interpreters, which are independent of this kit.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { modelCore } from '../../model/index.js';
import { modelKernel } from '../../model/kernel/index.js';
import { PEERS } from '../bench/peers.js';
import { mismatches, runGp, runJar1 } from '../bench/run.js';
import { digestLanes, fibVms, hashMessage, keccakRoundConstants, sha3Chain, WORKLOADS, type Workload } from '../bench/workloads.js';

const byName = (name: string): Workload => {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`no workload ${name}`);
  return w;
};

describe('expected values, from sources independent of the programs', () => {
  test('fib: F(1,000,000) mod 2^64 as in the fixture test, F(20) = 6765', () => {
    expect(byName('fib-loop').build(1_000_000).expect[7]).toBe(14197223477820724411n);
    expect(byName('fib-vms').build(20).expect[7]).toBe(6765n);
  });

  test('recursive fib(20) makes 21,891 VMs; fib(10) 177 (model/test/kernel/fib.test.ts)', () => {
    expect(fibVms(20)).toBe(21_891);
    expect(fibVms(10)).toBe(177);
  });

  test('primes up to 100,000: 9,592; up to 10,000: 1,229', () => {
    expect(byName('sieve').build(100_000).expect[7]).toBe(9592n);
    expect(byName('sieve').build(10_000).expect[7]).toBe(1229n);
  });

  test('protocol calls: the answers 1..n sum to n(n+1)/2', () => {
    expect(byName('ecalli').build(100_000).expect[7]).toBe(5_000_050_000n);
  });

  test('Keccak round constants: the first, second and last of FIPS 202', () => {
    const rc = keccakRoundConstants();
    expect(rc.length).toBe(24);
    expect([rc[0], rc[1], rc[23]]).toEqual([0x0000000000000001n, 0x0000000000008082n, 0x8000000080008008n]);
  });

  test('the hash expectation is node:crypto sha3-256 of the 1 KB message (7k + 3 mod 256)', () => {
    const msg = hashMessage();
    expect([msg[0], msg[1], msg[1023]]).toEqual([3, 10, (7 * 1023 + 3) & 0xff]);
    const d = createHash('sha3-256').update(msg).digest();
    expect(digestLanes(sha3Chain(1))).toEqual(digestLanes(d));
    expect(byName('sha3').build(1).expect[7]).toBe(d.readBigUInt64LE(0));
    expect(byName('sha3').build(1).expect[10]).toBe(d.readBigUInt64LE(24));
  });
});

/** Sizes the model runs in a few seconds at most. */
const MODEL_CASES: readonly [string, number][] = [
  ['fib-loop', 10_000], ['sort', 200], ['sieve', 10_000], ['sha3', 1], ['sha3', 2], ['ecalli', 1_000], ['fib-vms', 10],
  ['call-chain', 50],
];

describe('on the model', () => {
  test.each(MODEL_CASES)('%s n = %i, jar1 through the kernel', (name, n) => {
    const c = byName(name).build(n);
    const o = runJar1(modelKernel, c);
    expect(mismatches(c, o)).toEqual([]);
    if (name === 'ecalli') expect(o.hostCalls).toBe(n);
    if (name === 'fib-vms') expect(o.vms).toBe(fibVms(n));
    if (name === 'call-chain') expect(o.vms).toBe(51); // the root and 50 callees, each CREATEd once
  });

  test.each(MODEL_CASES.filter(([name]) => name !== 'fib-vms' && name !== 'call-chain'))('%s n = %i, gp on the core', (name, n) => {
    const c = byName(name).build(n);
    const o = runGp(modelCore, c);
    expect(mismatches(c, o)).toEqual([]);
    if (name === 'ecalli') expect(o.hostCalls).toBe(n);
  });

  test('fib loop: 5 instructions per step; gp adds the 2-instruction halt, jar1 the 1-instruction REPLY', () => {
    // load_imm ×3 + fallthrough, then n × (add_64, move_reg, move_reg, add_imm_64, branch_ne_imm), then the exit
    const c = byName('fib-loop').build(1000);
    expect(runJar1(modelKernel, c).steps).toBe(4 + 5 * 1000 + 1);
    expect(runGp(modelCore, c).steps).toBe(4 + 5 * 1000 + 2);
  });

  test('a wrong answer is reported, not passed', () => {
    const c = byName('sieve').build(100);
    const wrong = { ...c, expect: { 7: 26n } }; // 25 primes up to 100
    expect(mismatches(wrong, runGp(modelCore, c))).toEqual(['r7 = 25, expected 26']);
  });
});

describe.each(PEERS.map((p) => [p.name, p] as const))('on %s (gp)', (_, peer) => {
  test.each([['fib-loop', 10_000], ['sort', 200], ['sieve', 10_000], ['sha3', 2], ['ecalli', 1_000]] as const)('%s n = %i', (name, n) => {
    const c = byName(name).build(n);
    const o = peer.run(c);
    expect(mismatches(c, o)).toEqual([]);
    expect(o.steps).toBe(runGp(modelCore, c).steps);
  });
});
