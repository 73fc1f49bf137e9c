/**
 * The javm command line, run in-process: help on every command, the run/disasm/w3f outputs, and the
 * error policy (one line naming the file or flag, exit status 2; failing vectors exit 1).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { w3fProgramsDir } from '../../vectors/lib/shared.js';
import { hex } from '../../model/test/helpers.js';
import { cli } from './support/cli.js';
import { fibLoopBlob } from '../../model/test/fixtures/fib-loop.js';
import { fibRecursiveBlob } from '../../vectors/gen/fib-recursive.js';

const w3fDir = w3fProgramsDir();
const tmp = mkdtempSync(join(tmpdir(), 'javm-cli-'));


function file(name: string, bytes: Uint8Array | string): string {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  return path;
}

// T4 of pvm-core.md section 8: djump to pc 6, load_imm r8 = 42, trap at 9, 20 gas.
const t4 = file('t4.jar', hex('4a 41 52 02 01 00 00 00 01 40 40 00 00 00 00 00 00 00 00 00 00 00 00 00 00 16 00 00 00 01 00 00 00 01 0a 00 00 00 06 33 07 02 32 07 00 33 08 2a 00 69 02'));
// gp: load_imm r7 = 5; ecalli 1 (|j| 0, z 0, |c| 5, bitmask 0b01001 = starts 0 and 3)
const gpEcalli = file('ecalli.gp', hex('00 00 05 33 07 05 0a 01 09'));

describe('javm --help', () => {
  test.each([[], ['run'], ['disasm'], ['w3f']])('javm %s --help prints usage and exits 0', (...cmd) => {
    const r = cli(...cmd.filter((c): c is string => typeof c === 'string'), '--help');
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/Usage: javm/);
  });
});

describe('javm run', () => {
  test('runs a jar1 blob through the kernel and prints exit, r7, gas used, pc and VMs', () => {
    // T4 traps at pc 9 in the root VM: the kernel turns a root trap into a panic exit (spec/kernel.md)
    const r = cli('run', t4, '--gas', '1000');
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['exit: panic', 'r7: 2 (0x2)', 'gas used: 20, left 980', 'pc: 9 (VM 0)', 'VMs: 1 created, 1 alive', 'instructions: 4']);
  });

  test('the recursive Fibonacci blob: halt 55, 61,636 gas, 177 VMs (issue 3)', () => {
    const r = cli('run', file('fib-rec.jar', fibRecursiveBlob), '--gas', '1000000', '--reg7', '10');
    expect(r.out[0]).toBe('exit: halt (φ7 = 55)');
    expect(r.out[2]).toBe('gas used: 61636, left 938364');
    expect(r.out[4]).toBe('VMs: 177 created, 177 alive');
  });

  test('the iterative Fibonacci blob: 19,000,108 gas through the kernel', () => {
    const r = cli('run', file('fib-loop.jar', fibLoopBlob), '--gas', '100000000', '--json');
    const j = JSON.parse(r.out[0] ?? '{}') as Record<string, unknown>;
    expect(j).toMatchObject({ exit: { kind: 'halt', value: '0x' + 14197223477820724411n.toString(16) }, gasUsed: '0x' + 19000108n.toString(16), vmsCreated: 1 });
  });

  test('--json prints one object with u64 values as hex strings', () => {
    const r = cli('run', gpEcalli, '--gas', '0x64', '--json');
    const j = JSON.parse(r.out[0] ?? '{}') as Record<string, unknown>;
    expect(j).toMatchObject({ profile: 'gp', exit: { kind: 'ecalli', id: 1 }, pc: 5, r7: '0x5', gasUsed: '0x2' });
  });

  test('--reg7 sets φ7 and --max-steps stops early', () => {
    const r = cli('run', gpEcalli, '--reg7', '9', '--max-steps', '0', '--profile', 'gp');
    expect(r.out[0]).toBe('exit: step budget exhausted');
    expect(r.out[1]).toBe('r7: 9 (0x9)');
  });

  test.each([
    [['run', join(tmp, 'missing.jar')], /missing\.jar: cannot read \(ENOENT\)/],
    [['run', tmp], /is a directory, expected a blob file/],
    [['run', file('bad.jar', hex('4a 41 52 02 00'))], /not a valid jar1 blob: .*header needs 10 bytes.*\[truncated\]/],
    [['run', file('bad.gp', hex('00 07 01 00 01'))], /not a valid gp blob: .*\[bad_entry_size\]/],
    [['run', t4, '--gas', 'lots'], /--gas: 'lots' is not a number/],
    [['run', t4, '--gas', '0x10000000000000000'], /--gas: .* does not fit in 64 bits/],
    [['run', t4, '--profile', 'evm'], /--profile: 'evm' is not a profile/],
    [['run', t4, '--engine', 'qemu'], /unknown engine 'qemu'/],
    [['run', t4, '--args', 'abc'], /--args: 'abc' is not an even-length hex string/],
  ])('bad input %j gives one line and exit 2', (argv, message) => {
    const r = cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
  });

  test('an unknown flag is a usage error', () => {
    const r = cli('run', t4, '--bogus');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/unknown option '--bogus'/);
  });
});

describe('javm disasm', () => {
  test('lists the CODE cap with block starts marked', () => {
    const r = cli('disasm', t4);
    expect(r.code).toBe(0);
    expect(r.out).toContain('cap 64 CODE (invoked): 10 code bytes');
    expect(r.out).toContain('  jump table: 2→6');
    expect(r.out.some((l) => /^>\s+6: 33 08 2a\s+load_imm r8, 0x2a$/.test(l))).toBe(true);
  });

  test('disassembles a gp deblob', () => {
    const r = cli('disasm', gpEcalli);
    expect(r.out[0]).toBe('gp program: 5 code bytes');
    expect(r.out.some((l) => l.includes('ecalli 0x1'))).toBe(true);
  });
});

describe('javm w3f', () => {
  test('the shared w3f directory: 201 passed, 0 failed, exit 0', () => {
    const r = cli('w3f', w3fDir, '--quiet');
    expect(r.out.at(-1)).toBe('201 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  test('a file with a wrong expectation fails with the differing fields and exit 1', () => {
    const good = JSON.parse(JSON.stringify(JSON.parse(readText(join(w3fDir, 'inst_load_u8.json'))))) as Record<string, unknown>;
    const path = file('wrong.json', JSON.stringify({ ...good, 'expected-gas': 1 }));
    const r = cli('w3f', path);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^FAIL inst_load_u8 .*gas: expected 1, got 9998/);
    expect(r.out.at(-1)).toBe('0 passed, 1 failed');
  });

  test.each([
    ['not JSON', '{ nope', /not valid JSON/],
    ['a missing field', '{"name": "x"}', /top level must have required property 'initial-regs'/],
    ['a register that is not a number', JSON.stringify({ ...minimal(), 'initial-regs': ['x', ...Array(12).fill(0)] }), /field \/initial-regs\/0/],
    ['an unaligned page map', JSON.stringify({ ...minimal(), 'initial-page-map': [{ address: 5, length: 4096, 'is-writable': true }] }), /initial-page-map: range 5\+4096 is not page aligned/],
  ])('a file with %s gives an ERROR line naming the file and exit 2 (malformed input)', (_what, text, message) => {
    const path = file('bad.json', text);
    const r = cli('w3f', path);
    expect(r.code).toBe(2);
    expect(r.out[0]).toMatch(/^ERROR .*bad\.json: /);
    expect(r.out[0]).toMatch(message);
  });

  test('a missing path is a usage error', () => {
    const r = cli('w3f', join(tmp, 'nowhere'));
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/nowhere: cannot read/);
  });
});

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

function minimal(): Record<string, unknown> {
  const regs = Array(13).fill(0);
  return {
    name: 'm', 'initial-regs': regs, 'initial-pc': 0, 'initial-page-map': [], 'initial-memory': [], 'initial-gas': 10,
    program: [0, 0, 1, 0, 1], 'expected-status': 'panic', 'expected-regs': regs, 'expected-pc': 0, 'expected-memory': [], 'expected-gas': 9,
  };
}
