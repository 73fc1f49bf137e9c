/**
 * `javm trace` (vectors/TRACE.md): records of small assembled programs checked against values derived
 * by hand from the gas and kernel rules, the same records from the model and the impl, the step range
 * and VM filters, the JSON Schema, the diff stopping at a deliberately broken impl (a mutant), a saved
 * trace as one side, a target process as a source, and a 10^6-instruction trace streaming to a file in
 * bounded memory (its rate is printed, never asserted).
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { asm, gpBlob, jarBlob } from '../asm/index.js';
import { diffSides } from '../trace/diff.js';
import { traceImpl } from '../trace/impl.js';
import { traceCaseOf } from '../trace/input.js';
import type { StepRecord } from '../trace/record.js';
import { ByteWriter } from '../trace/bytes.js';
import { TRACE_SCHEMA } from '../../vectors/lib/trace-schema.js';
import { runCliAsync } from '../cli/main.js';
import { cli } from './support/cli.js';
import { CLI_JS } from './support/build-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'javm-trace-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
};
const validate = new Ajv({ strict: false }).compile(TRACE_SCHEMA);
const lines = (out: string[]): Record<string, unknown>[] => out.map((l) => JSON.parse(l) as Record<string, unknown>);

// pc 0 load_imm r7,2 | 3 load_imm r8,0 | 5 fallthrough || 6 add_64 r8,r8,r7 | 9 add_imm_64 r7,r7,-1 | 12 branch_ne_imm r7,0,@6 || 15 trap
const loop = asm`
  load_imm r7, 2
  load_imm r8, 0
  fallthrough
loop:
  add_64 r8, r8, r7
  add_imm_64 r7, r7, -1
  branch_ne_imm r7, 0, @loop
  trap
`;
const loopGp = file('loop.gp', gpBlob(loop));

describe('javm trace: a gp loop, by hand (gp: one gas per instruction, a block paid at its entry)', () => {
  // blocks: [0,3,5] costs 3, [6,9,12] costs 3 (entered twice), [15] costs 1; 100 gas
  const want: [number, number, string, string, Record<string, string>][] = [
    // pc, gas before, cost, opName, written
    [0, 100, '0x3', 'load_imm', { 7: '0x2' }],
    [3, 97, '0x0', 'load_imm', {}], // r8 was already 0: nothing changes
    [5, 97, '0x0', 'fallthrough', {}],
    [6, 97, '0x3', 'add_64', { 8: '0x2' }],
    [9, 94, '0x0', 'add_imm_64', { 7: '0x1' }],
    [12, 94, '0x0', 'branch_ne_imm', {}],
    [6, 94, '0x3', 'add_64', { 8: '0x3' }],
    [9, 91, '0x0', 'add_imm_64', { 7: '0x0' }],
    [12, 91, '0x0', 'branch_ne_imm', {}],
    [15, 91, '0x1', 'trap', {}],
  ];

  test.each(['model', 'impl'])('%s: one record per instruction with pc, gas before/cost/after and the registers written; then the summary', (engine) => {
    const r = cli('trace', loopGp, '--gas', '100', '--json', '--engine', engine);
    expect(r.code).toBe(0);
    const recs = lines(r.out);
    for (const o of recs) expect(validate(o), JSON.stringify(validate.errors)).toBe(true);
    expect(recs).toHaveLength(want.length + 1);
    want.forEach(([pc, gas, cost, name, written], k) => {
      const o = recs[k]!;
      expect(o.step).toBe(k);
      expect(o.pc).toBe(pc);
      expect(o.opName).toBe(name);
      expect(o.gas).toBe(`0x${gas.toString(16)}`);
      expect(o.gasCost).toBe(cost);
      expect(o.gasAfter).toBe(`0x${(gas - Number(cost)).toString(16)}`);
      expect(o.written ?? {}).toEqual(written);
      expect(o.vm).toBe(0);
    });
    expect(recs[0]!.regs).toEqual(Array(13).fill('0x0')); // the whole file on the first record only
    expect(recs[1]!.regs).toBeUndefined();
    expect(recs[9]!.exit).toEqual({ kind: 'trap' });
    expect(recs[10]).toEqual({ summary: { engine, profile: 'gp', exit: { kind: 'trap' }, steps: 10, records: 10, gasUsed: '0xa', gasLeft: '0x5a' } });
  });

  test('text output: one line per instruction, then the summary', () => {
    const r = cli('trace', loopGp, '--gas', '100');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(11);
    expect(r.out[3]).toMatch(/^ +3 {2}vm0 +6: add_64 r8, r8, r7 +gas 97-3 +r8=0x2$/);
    expect(r.out[10]).toBe('-- model gp: exit trap, 10 instructions, 10 records, gas used 10, left 90');
  });

  test('--from/--to print a range (the first record shown carries the whole register file); the run stops at --to', () => {
    const r = cli('trace', loopGp, '--gas', '100', '--json', '--from', '4', '--to', '6', '--engine', 'impl');
    const recs = lines(r.out);
    expect(recs.map((o) => o.step)).toEqual([4, 5, 6, undefined]);
    // before step 4: r7 = 2, r8 = 2
    expect(recs[0]!.regs).toEqual(['0x0', '0x0', '0x0', '0x0', '0x0', '0x0', '0x0', '0x2', '0x2', '0x0', '0x0', '0x0', '0x0']);
    expect((recs[3]!.summary as Record<string, unknown>).exit).toBeNull();
  });

  test('out of gas at a block entry is a record with the error and no instruction started', () => {
    const r = cli('trace', loopGp, '--gas', '5', '--json', '--engine', 'impl');
    const recs = lines(r.out);
    // 3 paid for the first block, 2 left < 3 for the loop block
    expect(recs[3]).toMatchObject({ step: 3, pc: 6, gas: '0x2', gasCost: '0x2', gasAfter: '0x0', error: 'out of gas', exit: { kind: 'oog' } });
    expect(recs[4]).toMatchObject({ summary: { steps: 3, records: 4, exit: { kind: 'oog' } } });
  });
});

describe('javm trace: jar1 through the kernel', () => {
  // writes r7 to a RW page, then REPLY: the root halts with φ7 (pcs 0, 4, 9, 13: immediates of 2 and 3 bytes)
  const store = asm`
    load_imm r7, 0x1234
    load_imm r9, 0x20000
    store_ind_u16 r7, r9, 2
    ecalli 0
  `;
  const storeJar = file('store.jar', jarBlob({ caps: [{ slot: 64, type: 'code', image: store }, { slot: 1, type: 'data', basePage: 32, pageCount: 1, access: 'W' }] }));

  test.each(['model', 'impl'])('%s: memory written by a store, REPLY of the root as a kernel event and the halt exit', (engine) => {
    const recs = lines(cli('trace', storeJar, '--json', '--engine', engine).out);
    for (const o of recs) expect(validate(o), JSON.stringify(validate.errors)).toBe(true);
    expect(recs[2]).toMatchObject({ pc: 9, opName: 'store_ind_u16', mem: { address: 0x20002, bytes: '3412' } });
    expect(recs[3]).toMatchObject({ opName: 'ecalli', kernel: { cause: 'ecalli', arg: 0, name: 'REPLY', active: 0, depth: 0, r7: '0x1234' }, exit: { kind: 'halt', value: '0x1234' } });
    // REPLY costs the dispatch gas, 10, after the instruction
    expect(BigInt((recs[3]!.kernel as Record<string, string>).gas!)).toBe(BigInt(recs[3]!.gasAfter as string) - 10n);
  });

  const callVector = 'vectors/jar1/program/child_stop/prog_call_with_exactly_overhead_gives_child_zero_gas.json';
  test.each(['model', 'impl'])('%s: CALL into a child with no gas left: the child\'s out-of-gas record, its return to the root, the root\'s', (engine) => {
    const recs = lines(cli('trace', callVector, '--json', '--engine', engine).out) as (StepRecord & Record<string, unknown>)[];
    // 117 gas before the second ecalli, 97 for its block, 10 dispatch, 10 CALL overhead: the child gets 0
    expect(recs[3]).toMatchObject({ pc: 7, gas: '0x75', gasAfter: '0x14', kernel: { name: 'CALL', arg: 70, active: 1, depth: 1, gas: '0x0' } });
    // the child cannot pay its first block: status 3 (out of gas) and LOW to its caller
    expect(recs[4]).toMatchObject({ vm: 1, depth: 1, pc: 0, error: 'out of gas', kernel: { cause: 'oog', active: 0, depth: 0, r7: '0xfffffffffffffff8', r8: '0x3' } });
    expect(recs[4]!.regs).toBeDefined();
    expect(recs[5]).toMatchObject({ vm: 0, pc: 9, error: 'out of gas', exit: { kind: 'oog' } });
    expect(recs[5]!.regs?.[7]).toBe('0xfffffffffffffff8');
    const only1 = lines(cli('trace', callVector, '--json', '--engine', engine, '--vm', '1').out);
    expect(only1.map((o) => o.step)).toEqual([4, undefined]);
  });

  test('the impl\'s JSON lines straight to a file (--out) are byte for byte the lines it prints, in full and in a range of one VM', () => {
    for (const extra of [[], ['--from', '3', '--to', '5'], ['--vm', '1']]) {
      const out = join(tmp, 'fast.jsonl');
      const printed = cli('trace', callVector, '--json', '--engine', 'impl', ...extra).out;
      expect(cli('trace', callVector, '--json', '--engine', 'impl', '--out', out, ...extra).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(`${printed.join('\n')}\n`);
    }
  });

  test('the model and the impl agree on every record of every jar1 program vector of a handler', () => {
    for (const name of ['prog_call_callable_starts_idle_vm', 'prog_call_callable_keeps_max_gas', 'prog_call_callable_dispatch_gas_short_in_child_low']) {
      const c = traceCaseOf(`vectors/jar1/program/call_callable/${name}.json`, {});
      const d = diffSides(c, { kind: 'engine', name: 'model' }, { kind: 'engine', name: 'impl' });
      expect(d.divergence, name).toBeNull();
      expect(d.left.records.length).toBeGreaterThan(3);
    }
  });
});

describe('javm trace --diff', () => {
  // add_32 of -5 and 2: -3, sign-extended to 64 bits (a mutant leaves the high half 0); pcs 0, 3, 6, 9
  const add32 = file('add32.gp', gpBlob(asm`
    load_imm r7, -5
    load_imm r8, 2
    add_32 r9, r7, r8
    trap
  `));

  test('model and impl agree: exit 0', () => {
    const r = cli('trace', loopGp, '--gas', '100', '--diff', 'model,impl');
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['model and impl agree on all 10 records']);
  });

  test('stops at the first step where a broken impl differs, naming the register, with context', () => {
    const r = cli('trace', add32, '--diff', 'model,impl', '--mutant', 'three-reg-32-no-sext', '--context', '1');
    expect(r.code).toBe(1);
    expect(r.out[0]).toBe('model and impl~three-reg-32-no-sext differ first at step 2 (vm 0, pc 6: add_32 r9, r7, r8)');
    expect(r.out).toContain('    written: model r9=0xfffffffffffffffd, impl~three-reg-32-no-sext r9=0xfffffffd');
    expect(r.out[1]).toMatch(/^ {2}= +1 {2}vm0 +3: load_imm r8, 0x2/); // one record of context before
    // as data: the API the divergence page builds on
    const d = diffSides(traceCaseOf(add32, {}), { kind: 'engine', name: 'model' }, { kind: 'engine', name: 'impl~three-reg-32-no-sext' }, { after: 1 });
    expect(d.divergence?.step).toBe(2);
    expect(d.divergence?.fields.map((f) => f.path)).toEqual(['written']);
    expect(d.right.records).toHaveLength(4); // up to the differing step and one after it
    // the next record's state differs in r9 itself
    const next = diffSides(traceCaseOf(add32, {}), { kind: 'engine', name: 'model' }, { kind: 'engine', name: 'impl~three-reg-32-no-sext' }, { after: 1 });
    expect(next.left.records[3]?.opName).toBe('trap');
  });

  test('an engine against a saved JSON-lines trace; a broken file is a one-line usage error', () => {
    const saved = join(tmp, 'saved.jsonl');
    expect(cli('trace', add32, '--json', '--out', saved).code).toBe(0);
    expect(cli('trace', add32, '--diff', `impl,${saved}`).out).toEqual([`impl and ${saved} agree on all 4 records`]);
    const broken = file('broken.jsonl', '{"step":0}\n');
    const r = cli('trace', add32, '--diff', `impl,${broken}`);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/broken\.jsonl: line 1: expected a trace record or summary/);
  });

  test('a target process as a source (the trace feature of the target protocol), alone and against the model', async () => {
    const target = `${process.execPath} ${JSON.stringify(CLI_JS)} serve --engine impl --mutant three-reg-32-no-sext`;
    const out: string[] = [];
    const code = await runCliAsync(['trace', add32, '--diff', 'model,target', '--target', target], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(1);
    // a target's record is the state before an instruction: r9 differs at the next one
    expect(out[0]).toMatch(/^model and .* differ first at step 3 \(vm 0, pc \d+: trap \)$/);
    expect(out.some((l) => /^ {4}r9: model 0xfffffffffffffffd, .* 0xfffffffd$/.test(l))).toBe(true);
  });
});

describe('javm trace: a long run streams', () => {
  test('10^6 instructions of the impl to a file in bounded memory (rate printed)', () => {
    const big = file('big.jar', jarBlob({
      caps: [{ slot: 64, type: 'code', image: asm`
        load_imm r7, 333333
        load_imm r9, 0x20000
        fallthrough
      loop:
        store_ind_u32 r7, r9, 0
        add_imm_64 r7, r7, -1
        branch_ne_imm r7, 0, @loop
        trap
      ` }, { slot: 1, type: 'data', basePage: 32, pageCount: 1, access: 'W' }],
    }));
    const c = traceCaseOf(big, {});
    const out = join(tmp, 'big.jsonl');
    const w = new ByteWriter(out);
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    // sample the heap as the buffer fills (each 1 MiB flush)
    const flush = w.flush.bind(w);
    w.flush = () => { peak = Math.max(peak, process.memoryUsage().heapUsed); flush(); };
    const t0 = performance.now();
    const summary = traceImpl(c, { out: w, from: 0, to: Infinity, vm: undefined }, { maxSteps: 2_000_000 });
    w.close();
    const ms = performance.now() - t0;
    const n = summary.records;
    // 3 set-up instructions, 3 per iteration, the trap
    expect(summary.steps).toBe(3 + 3 * 333_333 + 1);
    expect(summary.records).toBe(1_000_003);
    const bytes = readFileSync(out);
    expect(bytes.reduce((k, b) => (b === 10 ? k + 1 : k), 0)).toBe(1_000_003);
    console.log(`trace: ${n} records, ${(statSync(out).size / 1e6).toFixed(0)} MB, ${(n / ms / 1000).toFixed(2)} M records/s to a file, heap growth ${((peak - heap0) / 1e6).toFixed(1)} MB`);
    expect(peak - heap0).toBeLessThan(64e6); // records are not kept
    const last = bytes.subarray(bytes.lastIndexOf(10, bytes.length - 2) + 1).toString('utf8');
    expect(JSON.parse(last)).toMatchObject({ step: 1_000_002, opName: 'trap', exit: { kind: 'panic' } });
  });
});

describe('javm trace: inputs and errors', () => {
  test('an isa vector runs from its machine state', () => {
    const r = cli('trace', 'vectors/gp/isa/store_ind_u32/store_ind_u32_ok.json', '--json', '--engine', 'impl');
    expect(r.code).toBe(0);
    const recs = lines(r.out);
    expect(recs[0]).toMatchObject({ step: 0, opName: 'store_ind_u32' });
    expect(recs[0]!.mem).toBeDefined();
  });

  test('a decode vector has no run: one line naming the field', () => {
    const r = cli('trace', 'vectors/gp/decode/gp_deblob/gp_code_without_final_terminator_accepted.json');
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^javm: .*: runner: expected isa or program/);
    const v = cli('trace', file('bad.gp', new Uint8Array([0xff, 0xff, 0xff])));
    expect(v.code).toBe(2);
    expect(v.err[0]).toMatch(/not a valid gp blob/);
  });

  test('--help', () => {
    const r = cli('trace', '--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/--diff <a,b>/);
  });
});
