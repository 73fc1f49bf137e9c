/**
 * The black-box fuzzer against deliberate bugs: each mutant of the impl (harness/fuzz/mutants.ts) is
 * served as a target (`javm serve --mutant NAME`, a separate process speaking vectors/TARGET.md) and
 * a short campaign of its focus must find it, comparing only what the protocol carries (exits,
 * registers, gas, memory), not kernel events or snapshots as the model-vs-impl campaign does.
 * Seed: JAVM_SEED when set, else 1.
 */
import { describe, expect, test } from 'vitest';
import { MUTANTS } from '../fuzz/mutants.js';
import { runTargetCampaign } from '../target/campaign.js';
import { CLI_JS } from './support/build-cli.js';

const seed = Number(process.env.JAVM_SEED ?? 1);
/** A budget in cases, not seconds, so that what is found does not depend on the machine's load. */
const RUNS = { core: 4000, kernel: 2000, blob: 2000, scale: 20 } as Record<string, number>;
/** The black-box score this test holds: 30 of 34 at seed 1 (missed: load-i8-zero-extends within 4,000 core cases; move-not-unmapping, retype-consumes-on-failure and downgrade-drops-ceiling change only kernel state that the generated programs rarely read back). */
const FLOOR = 0.85;

describe('mutants behind the target protocol', () => {
  test(`short black-box campaigns (core 4,000 cases, kernel and blob 2,000; seed ${seed}) find at least ${FLOOR * 100}% of them, each shrunk and classified`, async () => {
    const found: string[] = [];
    const missed: string[] = [];
    for (const m of MUTANTS) {
      const lines: string[] = [];
      const t = performance.now();
      const s = await runTargetCampaign({
        command: `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} serve --mutant ${m.name}`, foci: [m.focus], seed, timeMs: 120_000,
        runs: RUNS[m.focus] ?? 2000, shard: [0, 1], timeoutMs: 10_000, handshakeMs: 60_000, shrinkMs: 5000, keepGoing: false, expect: [], outDir: null,
        progressMs: 1e12, kit: 'javm-kit test',
      }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
      const f = s.findings[0];
      if (f === undefined) missed.push(m.name);
      else {
        found.push(`${m.name}: ${((performance.now() - t) / 1000).toFixed(1)} s, [${f.judgement.kind}] ${f.notes.length > 0 ? `spec-notes/${f.notes.join(',')} ` : ''}${f.judgement.summary.slice(0, 100)}`);
        expect(lines.join('\n')).toContain(`FINDING [${f.judgement.kind}]`);
        expect(lines.join('\n')).toMatch(/class: new finding; /);
      }
    }
    console.log(`black-box: mutants found ${found.length}/${MUTANTS.length} (seed ${seed})\n  ${found.join('\n  ')}\nmissed: ${missed.join(', ') || 'none'}`);
    expect(found.length / MUTANTS.length, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(FLOOR);
  });
});
