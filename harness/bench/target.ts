/**
 * The target-protocol section of `npm run bench` (workload `target`): how many cases a second the
 * black-box fuzzer gets through a target process, and what the protocol costs. On one fixed set of
 * generated cases (seeded, so every run measures the same cases):
 * - in-process: the impl answers each case in this process (what the protocol adds to);
 * - round trips: the same cases through `javm serve --engine impl` as a target, one at a time;
 * - the protocol's cost per case: the difference of the two, per case;
 * - campaign: `javm fuzz --target` against that target for a fixed number of cases after a shorter
 *   warm-up campaign (fast-check generation, the impl's screen, the model's answer overlapped with
 *   the target's, judging);
 * - peers: the anan-as and typeberry targets on the gp isa cases, round trips.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ENGINES, type Engine } from '../engines.js';
import { arbitraryOf } from '../fuzz/campaign.js';
import type { Focus } from '../fuzz/cases.js';
import { modelAnswer, targetCaseOf, type TargetCase } from '../target/cases.js';
import { runTargetCampaign } from '../target/campaign.js';
import { Target } from '../target/client.js';
import { expectedOf } from '../vectors/run.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '..', 'cli', 'javm.js');
const adapters = join(here, '..', '..', '..', 'harness', 'target', 'adapters');

/** The cases of a focus: seeded samples, kept where the impl ends them within the campaign's bound. */
function casesOf(focus: Focus, n: number, seed: number): TargetCase[] {
  const impl = ENGINES.impl as Engine;
  const out: TargetCase[] = [];
  for (const c of fc.sample(arbitraryOf(focus), { numRuns: n, seed })) {
    const tc = targetCaseOf(c, () => true);
    const m = tc === null ? null : modelAnswer(impl, tc);
    if (m !== null) out.push(m.tc);
  }
  return out;
}

const rate = (n: number, ms: number): string => `${Math.round((n * 1000) / ms).toLocaleString('en-US')}/s`;

async function roundTrips(command: string, cases: readonly TargetCase[]): Promise<{ ms: number; answered: number } | string> {
  const t = new Target(command, { timeoutMs: 10_000, handshakeMs: 30_000, kit: 'javm-kit bench' });
  try {
    await t.start();
    for (const c of cases.slice(0, 200)) await t.run(c); // warm-up
    const start = performance.now();
    let answered = 0;
    for (const c of cases) if ((await t.run(c)).kind === 'result') answered++;
    return { ms: performance.now() - start, answered };
  } catch (e) {
    return `error: ${String(e).slice(0, 100)}`;
  } finally {
    await t.close();
  }
}

/** Runs the section; prints its table. */
export async function benchTarget(out: (line: string) => void, quick: boolean): Promise<void> {
  if (!existsSync(cli)) {
    out(`target: skipped (${cli} not built: run npm run bench, which builds first)`);
    return;
  }
  const n = quick ? 500 : 3000;
  const program = [...casesOf('kernel', n / 2, 11), ...casesOf('blob', n / 2, 12)];
  const isa = casesOf('core', n, 13).filter((c) => c.profile === 'gp' || c.kind === 'isa').map((c) => ({ ...c, profile: 'gp' as const }));
  const impl = ENGINES.impl as Engine;
  const serve = `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} serve --engine impl`;
  out('');
  out(`target protocol (${program.length} jar1 program cases from the kernel and blob generators, ${isa.length} gp isa cases; seeded):`);
  for (const [label, cases] of [['jar1 program', program], ['gp isa', isa]] as const) {
    for (const c of cases.slice(0, 200)) expectedOf(impl, c.kind, c.profile, c.input, { initial: false });
    const t0 = performance.now();
    for (const c of cases) expectedOf(impl, c.kind, c.profile, c.input, { initial: false });
    const inProcess = performance.now() - t0;
    const rt = await roundTrips(serve, cases);
    if (typeof rt === 'string') {
      out(`  ${label.padEnd(13)} impl: ${rt}`);
      continue;
    }
    const perCase = ((rt.ms - inProcess) / cases.length) * 1000;
    out(`  ${label.padEnd(13)} impl in-process ${rate(cases.length, inProcess).padStart(9)} | through javm serve ${rate(cases.length, rt.ms).padStart(9)} (${rt.answered} answered) | protocol cost ${perCase.toFixed(0)} µs per case`);
  }
  for (const peer of ['anan-as', 'typeberry']) {
    const script = join(adapters, `${peer}.mjs`);
    if (!existsSync(script)) continue;
    const rt = await roundTrips(`${JSON.stringify(process.execPath)} ${JSON.stringify(script)}`, isa);
    out(`  gp isa        ${peer.padEnd(9)} target ${typeof rt === 'string' ? rt : `${rate(isa.length, rt.ms).padStart(9)} (${rt.answered} answered, the rest declined)`}`);
  }
  const runs = quick ? 1000 : 5000;
  const lines: string[] = [];
  const campaign = (n: number, seed: number): ReturnType<typeof runTargetCampaign> => runTargetCampaign({
    command: serve, foci: ['kernel', 'blob'], seed, timeMs: Infinity, runs: n, shard: [0, 1], timeoutMs: 10_000, handshakeMs: 30_000,
    shrinkMs: 0, keepGoing: true, expect: [], outDir: null, progressMs: 1e12, kit: 'javm-kit bench',
  }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  const warm = await campaign(runs / 5, 20261205); // warm-up: this process's model, impl and fast-check get optimised
  const s = await campaign(runs, 20261206);
  out(`  campaign      javm fuzz --target (javm serve --engine impl), kernel+blob foci: ${s.cases.toLocaleString('en-US')} program cases in ${s.seconds.toFixed(1)} s = ${rate(s.cases, s.seconds * 1000)} after a ${warm.cases.toLocaleString('en-US')}-case warm-up (${rate(warm.cases, warm.seconds * 1000)}, a fresh target each; model and target overlapped, 2 processes)`);
  if (s.findings.length > 0) out(`  campaign found ${s.findings.length} finding(s): ${lines.filter((l) => l.startsWith('FINDING')).join(' | ')}`);
}
