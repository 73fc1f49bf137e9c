#!/usr/bin/env node
/**
 * The report of the last `npm run mutation` (reports/mutation/): mutation score of the differential
 * tester over the sample, the survivors by file and line with their mutation, the mutants argued
 * equivalent (harness/mutation/equivalent.yaml), the time to first detection per killed mutant
 * (median, 90th percentile, from the judge's log), and two checks of the measurement itself: every
 * sampled mutant was run, and every mutant ran in a fresh worker. Prints it and writes summary.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { isListed, reportKey, spanOf } from './mutant-key.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The report folder: the first argument, else reports/mutation. Further folders hold later runs over
 * some of the same mutants (scripts/mutation.mjs --from: the survivors again, with a larger case budget
 * whose first cases are the earlier campaign's): a mutant's verdict is its last run's.
 */
const dir = process.argv[2] ?? join(root, 'reports', 'mutation');
const later = process.argv.slice(3);

/** A JSON file of the report folder. */
function json(name, from = dir) {
  return JSON.parse(readFileSync(join(from, name), 'utf8'));
}

/** The judge's log lines of a report folder. */
function judgeLog(from) {
  return existsSync(join(from, 'judge.jsonl')) ? readFileSync(join(from, 'judge.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
}

/** The q-quantile (nearest rank) of sorted numbers. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** One line of code, shortened for a list. */
function short(s, n = 70) {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function main() {
  const report = json('mutation.json');
  const sample = json('sample.json');
  const run = existsSync(join(dir, 'run.json')) ? json('run.json') : null;
  const log = judgeLog(dir);
  const equivalent = parse(readFileSync(join(root, 'harness', 'mutation', 'equivalent.yaml'), 'utf8')) ?? [];
  const wanted = new Set(sample.mutants.map((m) => m.key));
  const mutants = [];
  for (const [file, f] of Object.entries(report.files)) {
    for (const m of f.mutants) {
      const { start } = m.location;
      const key = reportKey(file, m);
      if (!wanted.has(key)) continue;
      const eq = equivalent.find((e) => isListed(e, file, f.source, m));
      mutants.push({ ...m, file, key, original: spanOf(f.source, m.location), equivalent: eq ?? null, log });
    }
  }
  // later runs: their verdicts replace the earlier ones (the judge log goes with them)
  for (const d of later) {
    const r = json('mutation.json', d);
    const l = judgeLog(d);
    log.push(...l.filter((x) => x.mutant !== null));
    for (const [file, f] of Object.entries(r.files)) {
      for (const m of f.mutants) {
        const at = mutants.findIndex((x) => x.key === reportKey(file, m));
        if (at >= 0 && !(m.status === 'CompileError' && m.statusReason === 'not in the sample')) mutants[at] = { ...mutants[at], id: m.id, status: m.status, log: l };
      }
    }
  }
  const seen = new Set(mutants.map((m) => m.key));
  const missing = sample.mutants.filter((m) => !seen.has(m.key));
  const by = (pred) => mutants.filter(pred);
  const eqs = by((m) => m.equivalent !== null);
  const live = by((m) => m.equivalent === null);
  const killed = live.filter((m) => m.status === 'Killed');
  const timeout = live.filter((m) => m.status === 'Timeout');
  const survived = live.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  const invalid = live.filter((m) => m.status === 'RuntimeError' || m.status === 'CompileError');
  const judged = killed.length + timeout.length + survived.length;
  const score = judged === 0 ? NaN : (100 * (killed.length + timeout.length)) / judged;
  const strict = judged === 0 ? NaN : (100 * killed.length) / judged;
  const detections = killed.map((m) => m.log.find((l) => l.mutant === m.id)?.detection).filter(Boolean);
  const ms = detections.map((d) => d.ms).sort((a, b) => a - b);
  const cases = detections.map((d) => d.cases).sort((a, b) => a - b);
  const byFocus = {};
  for (const d of detections) byFocus[d.focus] = (byFocus[d.focus] ?? 0) + 1;
  const reused = log.filter((l) => l.workerRuns !== 1);
  const options = log[0]?.options;
  const loc = (m) => `${m.file}:${m.location.start.line}:${m.location.start.column}`;
  const out = [];
  out.push('# Mutation testing of impl/ judged by the differential tester', '');
  if (later.length > 0) out.push(`Verdicts of ${dir}, replaced by those of the later run(s) ${later.join(', ')} for the mutants they ran.`, '');
  if (run) out.push(`Run ${run.started} (${(run.seconds / 60).toFixed(1)} min); sample of ${sample.size} of ${sample.total} Stryker mutants (${sample.sameAs ? `the mutants of ${sample.sameAs}` : sample.from ? `survivors of ${sample.from}` : `seed ${sample.seed}`}); judge: ${options ? `${options.runs} fast cases, ${options.scaleRounds} scale round(s), seed ${options.seed}` : '?'}.`, '');
  out.push(`- mutation score: **${score.toFixed(1)}%** of ${judged} non-equivalent mutants detected (${killed.length} killed by a divergence, ${timeout.length} timed out; killed alone ${strict.toFixed(1)}%)`);
  out.push(`- survived: ${survived.length} (${survived.filter((m) => m.status === 'NoCoverage').length} of them never reached by the campaign); equivalent (harness/mutation/equivalent.yaml): ${eqs.length}; invalid (runtime/compile error): ${invalid.length}`);
  out.push(`- time to first detection (killed, n=${ms.length}): median ${quantile(ms, 0.5).toFixed(0)} ms / ${quantile(cases, 0.5)} cases, 90th percentile ${quantile(ms, 0.9).toFixed(0)} ms / ${quantile(cases, 0.9)} cases, max ${quantile(ms, 1).toFixed(0)} ms / ${quantile(cases, 1)} cases; first found by focus: ${Object.entries(byFocus).map(([f, n]) => `${f} ${n}`).join(', ')}`);
  out.push(`- checks: ${missing.length === 0 ? 'every sampled mutant was run' : `${missing.length} sampled mutants were not in Stryker's report (sources changed since the sample?)`}; ${reused.length === 0 ? `every judge run (${log.length}) was its worker's first (no cache carried over between mutants)` : `${reused.length} judge runs shared a worker with an earlier one: caches may carry over, the measurement is suspect`}`);
  const eqKilled = eqs.filter((m) => m.status === 'Killed' || m.status === 'Timeout');
  if (eqKilled.length > 0) out.push(`- WARNING: ${eqKilled.length} mutants listed as equivalent were killed: ${eqKilled.map(loc).join(', ')}`);
  out.push('', '## Survivors', '');
  for (const m of survived.sort((a, b) => loc(a).localeCompare(loc(b), 'en', { numeric: true }))) out.push(`- ${loc(m)} ${m.mutatorName}${m.status === 'NoCoverage' ? ' (not reached)' : ''}: \`${short(m.original)}\` → \`${short(m.replacement)}\``);
  out.push('', '## Timed out (counted as detected: the mutant hangs or slows the impl past Stryker\'s timeout)', '');
  for (const m of timeout) out.push(`- ${loc(m)} ${m.mutatorName}: \`${short(m.original)}\` → \`${short(m.replacement)}\``);
  out.push('', '## Equivalent', '');
  for (const m of eqs) out.push(`- ${loc(m)} ${m.mutatorName}: \`${short(m.original)}\` → \`${short(m.replacement)}\` (${m.status}): ${m.equivalent.argument}`);
  if (missing.length > 0) out.push('', '## Not run', '', ...missing.map((m) => `- ${m.key}`));
  const text = `${out.join('\n')}\n`;
  writeFileSync(join(dir, later.length > 0 ? 'summary-combined.md' : 'summary.md'), text);
  process.stdout.write(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
