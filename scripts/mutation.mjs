#!/usr/bin/env node
/**
 * npm run mutation [-- --sample N --seed S]: mutation testing of impl/ with StrykerJS, each mutant
 * judged by the differential tester (stryker.config.mjs, harness/mutation/judge.mutation.ts), then the
 * report (harness/mutation/report.mjs). Not part of npm test: a sample of 300 takes tens of minutes.
 * Steps: check that model/ and impl/ do not import each other (else the tester would compare the impl
 * with itself); list every mutant Stryker would make (its own instrumenter, same options); pick a
 * seeded sample of N that edits elsewhere leave in place (stableSample); run Stryker on the sample's locations only (mutate ranges), with
 * the 'javm-sample' checker dropping the other mutants those ranges also hold.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { parse } from 'yaml';
import { isListed, mutantKey, reportKey } from '../harness/mutation/mutant-key.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The folders Stryker mutates (stryker.config.mjs `mutate`). */
const MUTATED = ['impl/core', 'impl/kernel'];

/** A non-negative integer option. */
function count(v) {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(v);
}

/** The .ts files under a folder (no tests, no declarations), sorted. */
function tsFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') && !d.name.endsWith('.d.ts'))
    .map((d) => relative(root, join(d.parentPath ?? d.path, d.name)).split('\\').join('/'))
    .sort();
}

/**
 * Imports of `to` from the engine code under `from` (tests and scripts aside): the differential
 * tester must not compare the impl with itself.
 */
function crossImports(from, to) {
  const bad = [];
  for (const f of tsFiles(from).filter((f) => !/^[^/]+\/(test|scripts)\//.test(f))) {
    for (const [, spec] of readFileSync(join(root, f), 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (spec.startsWith('.') && relative(root, join(root, dirname(f), spec)).split('\\').join('/').startsWith(`${to}/`)) bad.push(`${f} imports ${spec}`);
    }
  }
  return bad;
}

/** Every mutant Stryker makes in the mutated folders, by key (Stryker's instrumenter, default mutator options). */
async function listMutants() {
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, trace() {}, fatal() {}, isDebugEnabled: () => false, isTraceEnabled: () => false, isInfoEnabled: () => false, isWarnEnabled: () => false, isErrorEnabled: () => false, isFatalEnabled: () => false };
  const files = MUTATED.flatMap(tsFiles).map((name) => ({ name: join(root, name), content: readFileSync(join(root, name), 'utf8'), mutate: true }));
  const { mutants } = await new Instrumenter(quiet).instrument(files, { plugins: null, excludedMutations: [], ignorers: [] });
  const kept = mutants.filter((m) => m.status !== 'Ignored');
  const ids = codeIdentities(kept, new Map(files.map((f) => [f.name, f.content])));
  return kept.map((m, i) => ({ ...m, key: mutantKey(m), identity: ids[i] }));
}

/**
 * A mutant's identity in its code, not its position: the file, mutator, replacement, the mutated text,
 * the (trimmed) text of its line, and how many mutants before it in the file share all of these. An
 * edit elsewhere in the file (lines added above, a function moved) leaves it unchanged.
 */
function codeIdentities(mutants, sources) {
  const seen = new Map();
  return mutants.map((m) => {
    const text = sources.get(m.fileName) ?? '';
    const lines = text.split('\n');
    const { start, end } = m.location; // 0-based lines and columns
    const span = start.line === end.line
      ? (lines[start.line] ?? '').slice(start.column, end.column)
      : [(lines[start.line] ?? '').slice(start.column), ...lines.slice(start.line + 1, end.line), (lines[end.line] ?? '').slice(0, end.column)].join('\n');
    const base = [relative(root, m.fileName).split('\\').join('/'), m.mutatorName, m.replacement, span, (lines[start.line] ?? '').trim()].join('\0');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}\0${n}`;
  });
}

/**
 * A seeded sample of n mutants that stays put when the code changes: each mutant is ranked by a hash
 * of the seed and its code identity (codeIdentities), and the n lowest ranks are taken. A mutant
 * whose code did not change keeps its rank, so a sample of the same seed before and after an edit
 * differs only where the edit added or removed mutants (a shuffle of the whole list would draw a new
 * sample after any edit, and scores of two trees would compare different mutants).
 */
function stableSample(pool, seed, n) {
  const rank = (id) => createHash('sha256').update(`${seed}\0${id}`).digest('hex');
  return pool.map((m) => ({ m, r: rank(m.identity) })).sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0)).slice(0, n).map((x) => x.m);
}

/** Stryker's mutate range of a mutant: file:line:col-line:col (lines 1-based, columns 0-based). */
function rangeOf(m) {
  const { start, end } = m.location;
  return `${relative(root, m.fileName).split('\\').join('/')}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`;
}

async function main() {
  const o = new Command('mutation')
    .description('mutation testing of impl/ with StrykerJS, judged by the differential tester; writes reports/mutation/')
    .option('--sample <n>', 'run a seeded random sample of n mutants (default: all)', count)
    .option('--seed <s>', 'seed of the sample', count, 1)
    .option('--runs <n>', 'fast cases (core, kernel, blob) per mutant campaign', count, 1500)
    .option('--judge-seed <s>', 'seed of the per-mutant campaign', count, 16)
    .option('--time-ms <ms>', 'time limit of one mutant\'s campaign (keep it under Stryker\'s timeout: 2 × the dry run + 30 s)', count, 75_000)
    .option('--scale-rounds <n>', 'scale rounds (3 cases each, seconds per case) run for a mutant the fast cases did not kill', count, 0)
    .option('--from <dir>', 'the sample is the survivors of the run reported in <dir> (e.g. to retry them with --scale-rounds 1 or sharper arbitraries)')
    .option('--same-as <sample.json>', 'run the mutants a sample file lists (by file, location, mutator, replacement), e.g. to score the same sample again after sharpening the fuzzer')
    .option('--out <dir>', 'the report folder', 'reports/mutation')
    .option('--list', 'only list the mutants and the sample (reports/mutation/sample.json)')
    .option('--report-only', 'only print the report of the last run')
    .parse(process.argv)
    .opts();
  const out = resolve(root, o.out);
  if (o.reportOnly) return report(out);
  const bad = [...crossImports('model', 'impl'), ...crossImports('impl', 'model')];
  if (bad.length > 0) throw new Error(`model/ and impl/ must not import each other:\n  ${bad.join('\n  ')}`);
  const all = await listMutants();
  const keys = new Set(all.map((m) => m.key));
  if (keys.size !== all.length) throw new Error('two mutants share a key (file, location, mutator, replacement): the sample could not name them apart');
  const pool = o.from !== undefined ? survivorsOf(resolve(root, o.from), all) : o.sameAs !== undefined ? listedIn(resolve(root, o.sameAs), all) : all;
  const sample = o.sample === undefined ? pool : stableSample(pool, o.seed, o.sample);
  mkdirSync(out, { recursive: true });
  const sampleFile = join(out, 'sample.json');
  writeFileSync(sampleFile, `${JSON.stringify({ seed: o.seed, sameAs: o.sameAs ?? null, from: o.from ?? null, size: sample.length, total: all.length, mutants: sample.map((m) => ({ key: m.key, file: relative(root, m.fileName), line: m.location.start.line + 1, column: m.location.start.column + 1, mutatorName: m.mutatorName, replacement: m.replacement })) }, null, 1)}\n`);
  console.log(`mutation: ${all.length} mutants in ${MUTATED.join(', ')}; ${o.from === undefined ? '' : `${pool.length} survivors of ${o.from}; `}${o.sample === undefined ? `running ${sample.length === all.length ? 'all' : sample.length}` : `sample of ${sample.length} (seed ${o.seed})`}`);
  if (o.list) return;
  const log = join(out, 'judge.jsonl');
  rmSync(log, { force: true });
  const started = new Date();
  Object.assign(process.env, { JAVM_MUTATION_LOG: log, JAVM_MUTATION_RUNS: String(o.runs), JAVM_MUTATION_SEED: String(o.judgeSeed), JAVM_MUTATION_SCALE_ROUNDS: String(o.scaleRounds), JAVM_MUTATION_TIME_MS: String(o.timeMs) });
  const narrowed = sample.length < all.length;
  if (narrowed) process.env.JAVM_MUTATION_SAMPLE = sampleFile;
  let failed = null;
  try {
    const reports = { jsonReporter: { fileName: join(out, 'mutation.json') }, htmlReporter: { fileName: join(out, 'mutation.html') } };
    await runStryker(narrowed ? { ...reports, mutate: sample.map(rangeOf) } : reports);
  } catch (e) {
    failed = e;
  }
  const seconds = (Date.now() - started.getTime()) / 1000;
  writeFileSync(join(out, 'run.json'), `${JSON.stringify({ started: started.toISOString(), seconds, sample: o.sample ?? null, from: o.from ?? null, seed: o.seed, total: all.length, runs: o.runs, timeMs: o.timeMs, judgeSeed: o.judgeSeed, scaleRounds: o.scaleRounds, failed: failed === null ? null : String(failed) }, null, 1)}\n`);
  if (failed !== null) throw failed;
  report(out);
}

/** The mutants a sample file (sample.json of an earlier run) lists, as listed now; an error when some of them no longer exist (the code changed). */
function listedIn(file, all) {
  const wanted = JSON.parse(readFileSync(file, 'utf8')).mutants.map((m) => m.key);
  const byKey = new Map(all.map((m) => [m.key, m]));
  const gone = wanted.filter((k) => !byKey.has(k));
  if (gone.length > 0) throw new Error(`${file}: ${gone.length} of its ${wanted.length} mutants no longer exist (the code changed), e.g. ${gone[0]}`);
  return wanted.map((k) => byKey.get(k));
}

/** The sampled mutants that survived (or were not reached) in the run reported in `dir` and are not listed as equivalent, as listed now. */
function survivorsOf(dir, all) {
  const before = JSON.parse(readFileSync(join(dir, 'mutation.json'), 'utf8'));
  const wanted = new Set(JSON.parse(readFileSync(join(dir, 'sample.json'), 'utf8')).mutants.map((m) => m.key));
  const equivalent = parse(readFileSync(join(root, 'harness', 'mutation', 'equivalent.yaml'), 'utf8')) ?? [];
  const keys = new Set();
  for (const [file, f] of Object.entries(before.files)) {
    for (const m of f.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const key = reportKey(file, m);
      const listed = equivalent.some((e) => isListed(e, file, f.source, m));
      if (wanted.has(key) && !listed) keys.add(key);
    }
  }
  return all.filter((m) => keys.has(m.key));
}

/**
 * Runs Stryker with stryker.config.mjs and `overrides`, through its API: StrykerJS 10's command line
 * refuses Node.js < 22 when it loads, and the kit supports Node.js 20, on which its API runs.
 */
async function runStryker(overrides) {
  const { Stryker } = await import(pathToFileURL(join(root, 'node_modules', '@stryker-mutator', 'core', 'dist', 'src', 'stryker.js')).href);
  process.chdir(root);
  await new Stryker({ configFile: 'stryker.config.mjs', ...overrides }).runMutationTest();
}

/** Prints (and writes) the report of the last run in `out`. */
function report(out) {
  const r = spawnSync(process.execPath, [join(root, 'harness', 'mutation', 'report.mjs'), out], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

main().catch((e) => {
  console.error(`mutation: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
