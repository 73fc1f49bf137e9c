/**
 * Vitest global setup: compiles the kit once per test run into node_modules/.cache/javm-cli (not
 * dist/), so that tests can start `javm serve` and other commands as real processes in a fraction
 * of a second (a target process per mutant, restarts after crashes). Skipped when no source file is
 * newer than the last build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLI_BUILD_DIR = join(process.cwd(), 'node_modules', '.cache', 'javm-cli');
/** The compiled `javm` entry point that tests run with node. */
export const CLI_JS = join(CLI_BUILD_DIR, 'harness', 'cli', 'javm.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const stamp = join(CLI_BUILD_DIR, '.stamp');
  const sources = Math.max(...['harness', 'impl', 'model', 'vectors'].map((d) => newestSource(join(process.cwd(), d))));
  if (existsSync(stamp) && existsSync(CLI_JS) && statSync(stamp).mtimeMs >= sources) return;
  const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
  // Type errors are the typecheck's to report (npm test runs it first); the JS is emitted regardless.
  const started = Date.now();
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', CLI_BUILD_DIR, '--noEmitOnError', 'false'], { encoding: 'utf8' });
  if (r.status !== 0 && !(existsSync(CLI_JS) && statSync(CLI_JS).mtimeMs >= started - 1000)) throw new Error(`building the CLI for the tests failed:\n${r.stdout}${r.stderr}`);
  writeFileSync(stamp, '');
}
