/**
 * `--max-blob-size` (issue 14 item 4): the commands that read a blob file (run, disasm, trace) stop at
 * a bound, 64 MiB unless the flag says otherwise, with a one-line usage error and exit 2; neither spec
 * bounds a blob, so the bound is the tool's (harness/cli/io.ts DEFAULT_MAX_BLOB_SIZE). A device with no
 * end (/dev/zero) is read only up to the bound.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gpBlob } from '../asm/index.js';
import { runCli } from '../cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'javm-blob-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A gp program of one trap: |j| = 0, z = 0, |c| = 1, the opcode 0, the bitmask byte 1: 5 bytes. */
const blob = gpBlob({ code: Uint8Array.of(0), bitmask: Uint8Array.of(1), jumpTable: [] });
const file = join(dir, 'trap.bin');
writeFileSync(file, blob);

function cli(args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe.each([['run'], ['disasm'], ['trace']])('javm %s --max-blob-size', (command) => {
  test('a blob one byte over the bound: usage error, exit 2', () => {
    expect(blob.length).toBe(5);
    const r = cli([command, file, '--max-blob-size', '4']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([`javm: ${file}: blob: expected at most 4 bytes (got 5); raise --max-blob-size`]);
  });
  test('a blob exactly at the bound is read', () => {
    const r = cli([command, file, '--max-blob-size', '5']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
  });
});

test('the default bound is 64 MiB: a (sparse) file of 64 MiB + 1 bytes is refused before it is read', () => {
  const big = join(dir, 'big.bin');
  writeFileSync(big, blob);
  truncateSync(big, 64 * 2 ** 20 + 1);
  const r = cli(['run', big]);
  expect(r.code).toBe(2);
  expect(r.err).toEqual([`javm: ${big}: blob: expected at most 67108864 bytes (got 67108865); raise --max-blob-size`]);
});

test('a device without an end is read only up to the bound', () => {
  const r = cli(['run', '/dev/zero', '--max-blob-size', '0x1000']);
  expect(r.code).toBe(2);
  expect(r.err).toEqual(['javm: /dev/zero: blob: expected at most 4096 bytes (got more than 4096); raise --max-blob-size']);
});

test.each([
  ['0', 'javm: --max-blob-size: 0 is not a byte count 1..2^53-1'],
  ['lots', "javm: --max-blob-size: 'lots' is not a number (decimal or 0x hex)"],
])('--max-blob-size %s: usage error, exit 2', (value, message) => {
  const r = cli(['run', file, '--max-blob-size', value]);
  expect(r.code).toBe(2);
  expect(r.err).toEqual([message]);
});

test('run --help names the flag and its default', () => {
  const r = cli(['run', '--help']);
  expect(r.out.join('\n')).toContain('--max-blob-size <bytes>');
  expect(r.out.join('\n')).toContain('(default 67108864: 64 MiB)');
});
