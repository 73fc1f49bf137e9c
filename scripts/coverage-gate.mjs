#!/usr/bin/env node
// Fails when line coverage of a folder, summed from c8's coverage/coverage-summary.json, is below its
// threshold. Usage: node scripts/coverage-gate.mjs model=95 [impl=90 ...]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const summaryPath = 'coverage/coverage-summary.json';
let summary;
try {
  summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
} catch (e) {
  console.error(`coverage-gate: cannot read ${summaryPath} (${e.code ?? e.message}); run the tests under c8 first`);
  process.exit(2);
}
let failed = false;
for (const arg of process.argv.slice(2)) {
  const [folder, min] = arg.split('=');
  let covered = 0;
  let total = 0;
  for (const [file, s] of Object.entries(summary)) {
    if (file === 'total') continue;
    if (!relative(process.cwd(), file).startsWith(`${folder}/`)) continue;
    covered += s.lines.covered;
    total += s.lines.total;
  }
  const pct = total === 0 ? 0 : (100 * covered) / total;
  const ok = total > 0 && pct >= Number(min);
  console.log(`coverage-gate: ${folder}/ lines ${pct.toFixed(2)}% (${covered}/${total}), required ${min}%: ${ok ? 'ok' : 'TOO LOW'}`);
  if (!ok) failed = true;
}
process.exit(failed ? 1 : 0);
