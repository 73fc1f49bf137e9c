#!/usr/bin/env node
/**
 * node scripts/try-mutant.mjs [--report DIR] [--all] FILTER...: re-judge mutants of a mutation report
 * one at a time, without Stryker, while working on the fuzzer's arbitraries. Each FILTER is a path
 * prefix, optionally with :line (e.g. impl/kernel/memory.ts:60); by default only the report's
 * survivors are tried (--all: every mutant of the report that matches). For each mutant the script
 * writes the mutated text into the source file, runs the judge (harness/mutation/judge.mutation.ts
 * with vitest.mutation.config.ts, a fresh process), and puts the file back, also on Ctrl-C. It prints
 * one line per mutant: killed (with the judge's summary), timeout (no verdict within --timeout: a hang,
 * which Stryker counts as detected) or survived. The sources must be clean
 * git-wise for the files it touches; run it in a worktree of your own when others edit the tree.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The offset in `text` of a Stryker report position (line and column both 1-based). */
function offsetOf(text, { line, column }) {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}

/** The mutants of a Stryker JSON report matching the filters. */
function selected(report, filters, all) {
  const out = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (!all && m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const where = `${file}:${m.location.start.line}`;
      if (filters.length > 0 && !filters.some((f) => (f.includes(':') ? where === f : file.startsWith(f)))) continue;
      out.push({ file, ...m });
    }
  }
  return out;
}

const program = new Command('try-mutant')
  .description('re-judge mutants of a Stryker report (default: its survivors) with the differential tester, one at a time')
  .argument('[filters...]', 'path prefixes, or file:line')
  .option('--report <dir>', 'the report folder holding mutation.json', 'reports/mutation')
  .option('--all', 'try every mutant of the report that matches, not only survivors')
  .option('--timeout <seconds>', 'how long one judge may take before the mutant counts as a hang (detected)', (v) => {
    if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('expected a positive whole number of seconds');
    return Number(v);
  }, 150)
  .parse();
const o = program.opts();
const report = JSON.parse(readFileSync(join(root, o.report, 'mutation.json'), 'utf8'));
const list = selected(report, program.args, o.all === true);
console.error(`try-mutant: ${list.length} mutant(s)`);
let restore = null;
process.on('SIGINT', () => {
  restore?.();
  process.exit(130);
});
let killed = 0;
for (const m of list) {
  const path = join(root, m.file);
  const original = readFileSync(path, 'utf8');
  const from = offsetOf(original, m.location.start);
  const to = offsetOf(original, m.location.end);
  restore = () => writeFileSync(path, original);
  const label = `${m.file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${original.slice(from, to).replace(/\s+/g, ' ').slice(0, 60)} -> ${m.replacement.replace(/\s+/g, ' ').slice(0, 40)}`;
  try {
    writeFileSync(path, original.slice(0, from) + m.replacement + original.slice(to));
    const t0 = Date.now();
    // vitest's own entry in this process's node (its threads die with it), so the time limit ends a hung judge
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '-c', 'vitest.mutation.config.ts', '--reporter', 'dot'], { cwd: root, encoding: 'utf8', timeout: o.timeout * 1000, killSignal: 'SIGKILL', env: { ...process.env, JAVM_MUTATION_LOG: '' } });
    const out = `${r.stdout}${r.stderr}`;
    const hung = r.signal !== null;
    const dead = hung || r.status !== 0;
    if (dead) killed++;
    const why = hung ? `no verdict in ${o.timeout} s: a hang, which Stryker counts as detected (Timeout)` : dead ? (out.match(/expected '(.*)' to be null/)?.[1] ?? out.match(/Error: [^\n]*/)?.[0] ?? 'failed') : '';
    console.log(`${dead ? (hung ? 'timeout ' : 'killed  ') : 'survived'} ${((Date.now() - t0) / 1000).toFixed(1)}s ${label}${dead ? `  [${why.slice(0, 120)}]` : ''}`);
  } finally {
    restore();
    restore = null;
  }
}
console.log(`try-mutant: ${killed} of ${list.length} detected (killed or hung)`);
