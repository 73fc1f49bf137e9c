/**
 * The `npm run bench` command line: help, bad flags (one line, status 2), and a small real run whose
 * table has a checked row per engine and profile.
 */
import { expect, test } from 'vitest';
import { main } from '../bench/main.js';

function capture(argv: string[]): { status: number; lines: string[] } {
  const lines: string[] = [];
  const status = main(argv, (l) => lines.push(l));
  return { status, lines };
}

test('--help lists the options and the workloads', () => {
  const r = capture(['--help']);
  expect(r.status).toBe(0);
  const text = r.lines.join('\n');
  for (const flag of ['--workload', '--engine', '--profile', '--runs', '--quick', '--help']) expect(text).toContain(flag);
  for (const w of ['fib-loop', 'sort', 'sieve', 'sha3', 'ecalli', 'fib-vms', 'call-chain', 'target', 'scaling']) expect(text).toContain(w);
});

test.each([
  [['--bogus'], "Unknown option '--bogus'"],
  [['--engine', 'nope'], '--engine: unknown nope'],
  [['--workload', 'fib-loop,nope'], '--workload: unknown nope'],
  [['--profile', 'x'], '--profile: unknown x'],
  [['--runs', '0'], "--runs: '0' is not a whole number"],
])('bad flags %j: one line, status 2', (argv, message) => {
  const r = capture(argv);
  expect(r.status).toBe(2);
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]).toContain(message);
});

test('a quick run of one workload on the model and a peer prints one checked row each', () => {
  const r = capture(['--quick', '--workload', 'ecalli', '--engine', 'model,typeberry']);
  expect(r.status).toBe(0);
  const rows = r.lines.filter((l) => l.startsWith('ecalli'));
  // 3 setup instructions + 4 per call (ecalli, add_64, add_imm_64, branch_ne_imm) + the exit (jar1: move_reg,
  // ecalli 0; gp: move_reg, load_imm, jump_ind): model at its quick size 200 -> 805 / 806; typeberry at 10,000 -> 40,006
  expect(rows.map((l) => l.split(/\s+/).slice(0, 5))).toEqual([
    ['ecalli', 'jar1', 'model', 'calls=200', '805'],
    ['ecalli', 'gp', 'model', 'calls=200', '806'],
    ['ecalli', 'gp', 'typeberry', 'calls=10,000', '40,006'],
  ]);
  expect(rows.every((l) => !l.includes('WRONG') && !l.includes('error'))).toBe(true);
});
