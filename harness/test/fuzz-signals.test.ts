/**
 * Ctrl-C during a campaign: `javm fuzz` started as a real process (the kit compiled by the global
 * setup, harness/test/support/build-cli.ts) gets SIGINT or SIGTERM a moment after it has started
 * fuzzing; it must stop its loop(s) (in-process and on worker threads), print the summary of what it
 * found so far and its verdict, keep the regression vectors it wrote, and exit with 130 (1 when it
 * found divergences).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLI_JS } from './support/build-cli.js';

interface Interrupted {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string[];
  readonly err: string;
  /** Milliseconds from the signal to the end of the process. */
  readonly stopMs: number;
}

/** Starts `javm fuzz args`, sends `signal` delayMs after `ready(stdout)` first holds, and waits for the process to end. */
function interrupt(args: readonly string[], signal: NodeJS.Signals, ready: (stdout: string) => boolean, delayMs: number): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_JS, 'fuzz', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    const giveUp = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${sentAt === 0 ? 'start' : 'end after the signal'} within 90 s\n${stdout}\n${stderr}`));
    }, 90_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (sentAt === 0 && ready(stdout)) {
        sentAt = -1;
        setTimeout(() => {
          sentAt = performance.now();
          child.kill(signal);
        }, delayMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(giveUp);
      resolve({ code, signal: sig, out: stdout.trimEnd().split('\n'), err: stderr, stopMs: sentAt > 0 ? performance.now() - sentAt : -1 });
    });
  });
}

const progressed = (s: string): boolean => /^\[\s*\d+ s\] /m.test(s);

describe('javm fuzz interrupted', () => {
  test.each([
    ['SIGINT', '1'],
    ['SIGTERM', '2'],
  ] as const)('%s with %s worker(s): the loops stop, the summary and the verdict are printed, exit status 130', async (signal, workers) => {
    const r = await interrupt(['--time', '300s', '--workers', workers, '--engines', 'model,model', '--seed', '4', '--no-write', '--progress', '200ms'], signal, progressed, 2500);
    expect(r.signal, r.err).toBeNull();
    expect(r.code, `${r.out.join('\n')}\n${r.err}`).toBe(130);
    expect(r.out[0]).toMatch(new RegExp(`^javm fuzz: model vs model, seed 4, shard 0/1, ${workers} worker\\(s\\)`));
    expect(r.err).toContain(`javm fuzz: ${signal}: stopping; the summary follows`);
    expect(r.out.at(-4)).toMatch(/^summary: [\d,]+ cases in [\d.]+ s/);
    expect(r.out.at(-2)).toMatch(/^summary: spec rules hit \d+\/\d+; divergences 0; seed 4$/);
    expect(r.out.at(-1)).toMatch(new RegExp(`^verdict: INTERRUPTED — [\\d,]+ cases, 0 divergences so far, interrupted by ${signal} \\(seed 4\\)$`));
    const cases = Number((/^summary: ([\d,]+) cases/.exec(r.out.at(-4) ?? '')?.[1] ?? '0').replaceAll(',', ''));
    expect(cases).toBeGreaterThan(0);
    expect(r.stopMs).toBeLessThan(15_000);
  });

  test('after divergences: the regression vectors written stay, the verdict is FAIL, exit status 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'javm-fuzz-sigint-'));
    const r = await interrupt(
      ['--mutant', 'branch-lt-s-unsigned', '--focus', 'core', '--keep-going', '--time', '300s', '--workers', '1', '--seed', '1', '--out', dir, '--progress', '200ms'],
      'SIGINT', (s) => s.includes('regression vector: '), 500,
    );
    expect(r.signal, r.err).toBeNull();
    expect(r.code, `${r.out.join('\n')}\n${r.err}`).toBe(1);
    const written = r.out.filter((l) => l.startsWith('  regression vector: ')).length;
    expect(written).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(written); // (their ordinary-vector twins sit below gp/ or jar1/)
    expect(r.out.at(-2)).toMatch(new RegExp(`^summary: spec rules hit \\d+/\\d+; divergences ${written}; regression vectors written: ${written}; seed 1$`));
    expect(r.out.at(-1)).toMatch(new RegExp(`^verdict: FAIL — ${written} divergences? in [\\d,]+ cases, ${written} regression vectors? written, interrupted by SIGINT \\(seed 1\\)$`));
  });
});
