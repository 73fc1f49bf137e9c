/**
 * The impl's JSON-lines fast path of `javm trace --json --out` (harness/trace/impl.ts writeJson and
 * harness/trace/bytes.ts): its file is byte for byte what the reference formatter (records as objects,
 * harness/trace/record.ts recordJson, printed by the command without --out) gives, on a sample of the
 * program and isa vectors, in ranges, across buffer flushes and with gas above 2^53; and a 10^6-record
 * trace streams to a file with the heap flat (its rate is the bench's business: `npm run bench --
 * --workload trace`, never asserted here).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, test } from 'vitest';
import { asm, gpBlob } from '../asm/index.js';
import { ByteWriter } from '../trace/bytes.js';
import { traceImpl } from '../trace/impl.js';
import { traceCaseOf } from '../trace/input.js';
import { cli } from './support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'javm-trace-fast-'));
const outFile = join(tmp, 'fast.jsonl');
afterAll(() => rmSync(tmp, { recursive: true, force: true })); // the 10^6-record file is 150 MB

/**
 * The gp loop: r8 += r7 for r7 = n..1; blocks of 3, 3 and 1 gas in gp. Pcs for n < 128: 0, 3 | 5 | 6, 9, 12 | 15;
 * for n below 2^23 the first load_imm has a 3-byte immediate: 0, 5 | 7 | 8, 11, 14 | 17.
 */
const loop = (n: number): string => {
  const path = join(tmp, `loop-${n}.gp`);
  writeFileSync(path, gpBlob(asm`
    load_imm r7, ${n}
    load_imm r8, 0
    fallthrough
  loop:
    add_64 r8, r8, r7
    add_imm_64 r7, r7, -1
    branch_ne_imm r7, 0, @loop
    trap
  `));
  return path;
};

/** The command's printed JSON lines (the reference formatter) and its --out file (the fast path), for the same arguments. */
function bothWays(input: string, ...flags: string[]): { printed: string; file: string; code: number } {
  const printed = cli('trace', input, '--json', '--engine', 'impl', ...flags);
  const fast = cli('trace', input, '--json', '--engine', 'impl', '--out', outFile, ...flags);
  expect(fast.code, `${input} ${flags.join(' ')}`).toBe(printed.code);
  return { printed: printed.code === 0 ? `${printed.out.join('\n')}\n` : '', file: printed.code === 0 ? readFileSync(outFile, 'latin1') : '', code: printed.code };
}

/** Every k-th JSON file under a directory, sorted (a fixed sample). */
function sample(dir: string, k: number): string[] {
  const all = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();
  return all.filter((_, i) => i % k === 0).map((f) => join(dir, f));
}

describe('the fast path writes what the reference formatter prints', () => {
  test('program vectors (jar1 through the kernel, gp) and isa vectors: byte for byte', () => {
    const files = [...sample('vectors/jar1/program', 2), ...sample('vectors/gp/program', 2), ...sample('vectors/gp/isa', 20), ...sample('vectors/jar1/isa', 20)];
    expect(files.length).toBeGreaterThan(200);
    let traced = 0;
    let kernelRecords = 0;
    for (const f of files) {
      const r = bothWays(f);
      if (r.code !== 0) continue; // a rejected blob: no trace either way (same status checked above)
      traced++;
      if (r.printed.includes('"kernel":')) kernelRecords++;
      expect(r.file, f).toBe(r.printed);
    }
    expect(traced).toBeGreaterThan(200);
    expect(kernelRecords).toBeGreaterThan(50); // the sample has kernel transitions (CALL, REPLY, faults, ...)
  });

  test('ranges and one VM (the first record after a gap carries the register file)', () => {
    const call = 'vectors/jar1/program/child_stop/prog_call_with_exactly_overhead_gives_child_zero_gas.json';
    for (const extra of [['--from', '2', '--to', '4'], ['--vm', '1'], ['--vm', '0'], ['--from', '5']]) {
      const r = bothWays(call, ...extra);
      expect(r.code).toBe(0);
      expect(r.file, extra.join(' ')).toBe(r.printed);
    }
    const r = bothWays(loop(2), '--from', '4', '--to', '5');
    // before step 4 (add_imm_64 at pc 9, first pass): r7 = 2, r8 = 2; gas 10^9 - 3 - 3 (hand-derived from the loop)
    expect(r.file.split('\n')[0]).toBe('{"step":4,"vm":0,"depth":0,"pc":9,"op":149,"opName":"add_imm_64","operands":"r7, r7, -1","gas":"0x3b9ac9fa","gasCost":"0x0","gasAfter":"0x3b9ac9fa","regs":["0x0","0x0","0x0","0x0","0x0","0x0","0x0","0x2","0x2","0x0","0x0","0x0","0x0"],"written":{"7":"0x1"}}');
    expect(r.file).toBe(r.printed);
  });

  test('30,004 records (several 1 MiB buffers): byte for byte, and in a range that ends mid-buffer', () => {
    const path = loop(10_000);
    const all = bothWays(path);
    expect(all.file.length).toBeGreaterThan(3 * 2 ** 20);
    expect(all.file.split('\n')).toHaveLength(3 + 3 * 10_000 + 1 + 2); // records, the summary, the empty string after the last newline
    expect(all.file).toBe(all.printed);
    const part = bothWays(path, '--from', '12345', '--to', '23456');
    expect(part.file).toBe(part.printed);
  });

  test('gas above 2^53 (the string path): 2^64 - 1 before the first block of 3', () => {
    const r = bothWays(loop(2), '--gas', '0xffffffffffffffff');
    expect(r.file).toBe(r.printed);
    expect(JSON.parse(r.file.split('\n')[0]!)).toMatchObject({ gas: '0xffffffffffffffff', gasCost: '0x3', gasAfter: '0xfffffffffffffffc' });
    // blocks of 3 (set-up), 3 and 3 (two passes), 1 (the trap): 2^64 - 1 - 10 left
    expect(JSON.parse(r.file.split('\n')[10]!)).toMatchObject({ summary: { gasLeft: `0x${(2n ** 64n - 1n - 10n).toString(16)}` } });
  });
});

describe('a 10^6-record trace streams', () => {
  test('to a file with the heap flat (heapUsed + arrayBuffers sampled at every buffer flush; no time asserted)', () => {
    const gc = ((): (() => void) => {
      setFlagsFromString('--expose-gc');
      return runInNewContext('gc') as () => void;
    })();
    const n = 333_333;
    const c = traceCaseOf(loop(n), {});
    const file = join(tmp, 'big.jsonl');
    const inUse = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const w = new ByteWriter(file);
    gc();
    const before = inUse();
    const samples: number[] = [];
    const flush = w.flush.bind(w);
    w.flush = () => {
      samples.push(inUse() - before);
      flush();
    };
    const s = traceImpl(c, { out: w, from: 0, to: Infinity, vm: undefined }, { maxSteps: 2_000_000 });
    w.close();
    // 3 set-up instructions, 3 per pass, the trap; gas: blocks of 3 (set-up), 3 a pass, 1 (trap)
    expect(s.records).toBe(3 + 3 * n + 1);
    expect(s.gasUsed).toBe(`0x${(3 + 3 * n + 1).toString(16)}`);
    expect(s.exit).toEqual({ kind: 'trap' });
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(100e6);
    expect(samples.length).toBeGreaterThan(90); // one per MiB
    // the heap does not grow with the trace: no sample 32 MiB above the start (the file is 5 times that;
    // the young generation's garbage of the first, cold records comes and goes below it), and the second
    // half of the run no higher than the first (records kept would add about 10 MiB at 20 bytes each)
    const half = samples.length >> 1;
    expect(Math.max(...samples)).toBeLessThan(32 * 2 ** 20);
    expect(Math.max(...samples.slice(half))).toBeLessThan(Math.max(...samples.slice(0, half)) + 4 * 2 ** 20);
    const bytes = readFileSync(file);
    const tail = bytes.subarray(bytes.length - 2000).toString('latin1').split('\n').slice(-5, -1); // the last pass and the trap
    const sum = (BigInt(n) * BigInt(n + 1)) / 2n; // r8 at the end: 1 + 2 + ... + n
    const gas = 10 ** 9 - 3 - 3 * n; // before the trap's block
    expect(JSON.parse(tail[0]!)).toEqual({
      step: 3 * n, vm: 0, depth: 0, pc: 8, op: 200, opName: 'add_64', operands: 'r8, r8, r7', gas: `0x${(gas + 3).toString(16)}`, gasCost: '0x3', gasAfter: `0x${gas.toString(16)}`, written: { 8: `0x${sum.toString(16)}` },
    });
    expect(JSON.parse(tail[3]!)).toEqual({ step: 3 * n + 3, vm: 0, depth: 0, pc: 17, op: 0, opName: 'trap', operands: '', gas: `0x${gas.toString(16)}`, gasCost: '0x1', gasAfter: `0x${(gas - 1).toString(16)}`, exit: { kind: 'trap' } });
  });
});
