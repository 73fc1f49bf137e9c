/**
 * A black-box campaign: the model against an external implementation (vectors/TARGET.md). Rounds of
 * fast-check runs as in the model-vs-impl campaign (harness/fuzz/campaign.ts), each round one focus
 * and one seed, so a finding replays from (focus, seed, path). A case's answer is judged against the
 * model's; a finding is shrunk with the target in the loop (only towards the same kind of difference,
 * and for at most the shrink budget), re-run with a trace where the target offers one, classified
 * (the spec-note whose question it is; a known class of the target), written as a vector, reported.
 * Findings of a class already reported, and known classes, are counted instead of stopping the run.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { disassemble } from '../../model/disasm.js';
import { codeFrom, fromHex, vectorPath, vectorText, type GpProgramInput, type IsaInput, type Vector, type VectorExpected } from '../../vectors/lib/format.js';
import type { HelloResponse } from '../../vectors/lib/target.js';
import { ENGINES, type Engine } from '../engines.js';
import { arbitraryOf, roundSeed, SCALE_ROUND_RUNS, SCALE_SHARE } from '../fuzz/campaign.js';
import { FOCI, zeroByFocus, type Case as FuzzCase, type Focus } from '../fuzz/cases.js';
import { judge, MODEL_STEPS, modelAnswer, SCALE_MODEL_STEPS, signature, targetCaseOf, type Judgement, type Supports, type TargetCase } from './cases.js';
import { Target, type Answer } from './client.js';
import { knownClass, type ExpectClass } from './expect.js';
import { DETECTORS, detectNotes } from './notes.js';
import { firstTraceDifference, traceOf } from './trace.js';
import { writeFindingPage } from '../report/run.js';

export interface TargetCampaignOptions {
  readonly command: string;
  readonly foci: readonly Focus[];
  readonly seed: number;
  readonly timeMs: number;
  readonly runs: number;
  readonly shard: readonly [number, number];
  readonly timeoutMs: number;
  readonly handshakeMs: number;
  readonly shrinkMs: number;
  readonly keepGoing: boolean;
  readonly expect: readonly ExpectClass[];
  /** Where findings are written as vectors; null = not written. */
  readonly outDir: string | null;
  readonly progressMs: number;
  readonly kit: string;
  /** Replay one case: the fast-check path of a finding (with its round's seed as `seed` and one focus). */
  readonly path?: string;
  /** Target processes run side by side, each with its own loop and seed stream (default 1). */
  readonly workers?: number;
  /** Set from outside (a signal handler) to end the campaign early; the summary is still printed. */
  readonly stop?: { stopped: boolean };
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface TargetFinding {
  readonly focus: Focus;
  readonly seed: number;
  readonly path: string;
  readonly tc: TargetCase;
  readonly expected: VectorExpected;
  readonly judgement: Judgement;
  readonly notes: readonly string[];
  readonly localisation: readonly string[];
  readonly shrinks: number;
  readonly stderr: readonly string[];
  readonly file: string | null;
  /** The target's answer to the re-run of the shrunk case (absent when the re-run passed), for the divergence page. */
  readonly answer?: Answer;
  /** The divergence page written next to the vector (harness/report/). */
  readonly page?: string | null;
}

export interface TargetSummary {
  readonly hello: HelloResponse;
  readonly cases: number;
  readonly byFocus: Readonly<Record<Focus, number>>;
  readonly unsupported: number;
  readonly unbounded: number;
  readonly known: ReadonlyMap<string, number>;
  readonly findings: readonly TargetFinding[];
  /** Further findings of an already reported class, by class. */
  readonly repeats: ReadonlyMap<string, number>;
  readonly restarts: number;
  readonly seconds: number;
  readonly interrupted: boolean;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const model: Engine = ENGINES.model as Engine;
/** A jar1 program with at most this much gas is sent before any engine has run it (see runOne). */
const SEND_FIRST_GAS = 1_000_000n;
/** The fast engine that screens cases before they are sent (never the judge: see runOne). */
const screen: Engine = ENGINES.impl as Engine;

/** One case as run: the case sent, the model's answer, the judgement of the target's answer and the notes it concerns. */
interface Observed {
  readonly tc: TargetCase;
  readonly expected: VectorExpected;
  readonly judgement: Judgement | null;
  readonly notes: string[];
}

/** Which foci a target can take: core needs isa (either profile) or gp programs; kernel, blob and scale need jar1 programs. */
export function fociFor(foci: readonly Focus[], supports: Supports): { run: Focus[]; dropped: Focus[] } {
  const can = (f: Focus): boolean => {
    switch (f) {
      case 'core': return supports('isa', 'gp') || supports('isa', 'jar1') || supports('program', 'gp');
      case 'kernel': case 'blob': case 'scale': return supports('program', 'jar1');
    }
  };
  return { run: foci.filter(can), dropped: foci.filter((f) => !can(f)) };
}

/** The class a finding is reported under: its kind, and the note it concerns or its path's shape. */
const classKey = (j: Judgement, notes: readonly string[]): string => (notes.length > 0 ? `${j.kind} (spec-notes/${notes[0]})` : signature(j));

/** The instruction at a pc of a case's code, disassembled, where the case has one code image. */
function instructionAt(tc: TargetCase, pc: number): string {
  try {
    let image;
    if (tc.kind === 'isa') image = codeFrom((tc.input as IsaInput).code);
    else if (tc.kind === 'program' && tc.profile === 'gp') {
      const r = model.core.parseCode('gp', fromHex((tc.input as GpProgramInput).blob));
      if (!r.ok) return '';
      image = r.value;
    } else return '';
    const line = disassemble(image).find((l) => l.pc === pc);
    return line === undefined ? '' : `: ${line.text}`;
  } catch {
    return '';
  }
}

/** Names the first instruction where the target's trace and the model's part. */
function localise(tc: TargetCase, answer: Answer, hello: HelloResponse): string[] {
  if (!hello.features.includes('trace')) return ['(the target offers no trace: run it with the trace feature to see the first differing instruction)'];
  if (answer.kind !== 'result' || answer.trace === undefined) return ['(the target sent no trace with its answer)'];
  const mine = traceOf(model, tc.kind, tc.profile, tc.input);
  const d = firstTraceDifference(mine, answer.trace);
  if (d === null) return [`the traces agree over all ${mine.length} instructions: the difference is in the exit or the final state`];
  const at = mine[d.step] ?? answer.trace[d.step];
  const where = at === undefined ? '' : ` (VM ${at.vm} pc ${at.pc}${instructionAt(tc, mine[d.step - 1]?.pc ?? at.pc)})`;
  return [`first differing trace record: #${d.step}${where}`, ...(d.step > 0 ? [`  after instruction #${d.step - 1} at pc ${mine[d.step - 1]?.pc}${instructionAt(tc, mine[d.step - 1]?.pc ?? 0)}`] : []), ...d.lines.slice(0, 8).map((l) => `  ${l}`)];
}

/** Writes a finding as a vector of its runner; returns the file. */
function writeFinding(dir: string, f: Omit<TargetFinding, 'file'>, hello: HelloResponse): string {
  const hash = createHash('sha256').update(JSON.stringify(f.tc.input)).digest('hex').slice(0, 10);
  // a vector states the whole expected answer: for a jar1 program that includes the snapshot after load
  const expected = modelAnswer(model, f.tc, { initial: true })?.expected ?? f.expected;
  const v: Vector = {
    name: `${f.judgement.kind}_${hash}`, runner: f.tc.kind, profile: f.tc.profile, handler: 'finding', edge: null, notes: [...f.notes],
    description: `${hello.name} ${hello.version}: ${f.judgement.summary.slice(0, 300)} (javm fuzz --focus ${f.focus} --seed ${f.seed} --path ${f.path})`,
    input: f.tc.input, expected,
  };
  const file = join(dir, vectorPath(v));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, vectorText(v));
  return file;
}

/** The report of one finding, for people. */
export function findingReport(f: TargetFinding, hello: HelloResponse, o: Pick<TargetCampaignOptions, 'command'>): string[] {
  const title = (n: string): string => DETECTORS.find((d) => d.note === n)?.title ?? '';
  const cls = f.notes.length > 0
    ? `new finding; it is the question spec-notes/${f.notes[0]} answers (${title(f.notes[0] ?? '')})${f.notes.length > 1 ? `; also ${f.notes.slice(1).map((n) => `spec-notes/${n}`).join(', ')}` : ''}`
    : 'new finding; no spec-note recognises it';
  return [
    `FINDING [${f.judgement.kind}] ${f.tc.profile} ${f.tc.kind}: ${f.judgement.summary}`,
    `  class: ${cls}`,
    ...f.localisation.map((l) => `  ${l}`),
    ...(f.stderr.length > 0 ? ['  target stderr (last lines):', ...f.stderr.slice(-5).map((l) => `    ${l}`)] : []),
    `  case (shrunk in ${f.shrinks} steps):`,
    ...f.tc.text.slice(0, 30).map((t) => `    ${t}`),
    ...(f.tc.text.length > 30 ? [`    ... ${f.tc.text.length - 30} more lines`] : []),
    `  replay: npx javm fuzz --target ${JSON.stringify(o.command)} --focus ${f.focus} --seed ${f.seed} --path ${f.path}`,
    ...(f.file === null ? [] : [`  vector: ${f.file}  (npx javm vectors verify ${f.file} --target ${JSON.stringify(o.command)})`]),
    ...(f.page == null ? [] : [`  page: ${f.page}  (the divergence page: both traces around the first differing step)`]),
    `  target: ${hello.name} ${hello.version}`,
  ];
}

/** Runs a black-box campaign (or the replay of one case); prints progress, findings and the summary. */
export async function runTargetCampaign(o: TargetCampaignOptions, io: Output): Promise<TargetSummary> {
  const start = Date.now();
  // one target process per worker, each fed by its own loop (its own seed stream): while one target
  // works on a case, this process computes the model's answers for the others
  const workers = o.path === undefined ? Math.max(1, o.workers ?? 1) : 1;
  const targets = Array.from({ length: workers }, () => new Target(o.command, { timeoutMs: o.timeoutMs, handshakeMs: o.handshakeMs, kit: o.kit }));
  const first = targets[0] as Target;
  const hello = await first.start();
  try {
    await Promise.all(targets.slice(1).map((t) => t.start()));
  } catch (e) {
    await Promise.all(targets.map((t) => t.close()));
    throw e;
  }
  const restarts = (): number => targets.reduce((a, t) => a + t.restarts, 0);
  const supports: Supports = (kind, profile) => first.supports({ kind, profile });
  const { run: foci, dropped } = fociFor(o.foci, supports);
  const budget = `${Number.isFinite(o.timeMs) ? `${(o.timeMs / 1000).toFixed(0)} s` : 'no time limit'}${Number.isFinite(o.runs) ? `, ${fmt(o.runs)} cases` : ''}`;
  io.out(`javm fuzz: model vs target ${hello.name} ${hello.version} (protocol ${hello.protocol}; profiles ${hello.profiles.join(',')}; kinds ${hello.kinds.join(',')}${hello.features.length > 0 ? `; features ${hello.features.join(',')}` : ''})`);
  io.out(`javm fuzz: seed ${o.seed}, shard ${o.shard[0]}/${o.shard[1]}, ${workers} target process(es), focus ${foci.join(',') || '(none)'}, ${budget}, timeout ${o.timeoutMs} ms per case${o.expect.length > 0 ? `, ${o.expect.length} known classes` : ''}`);
  if (dropped.length > 0) io.out(`javm fuzz: focus ${dropped.join(',')} skipped: the target runs no ${dropped.includes('core') ? 'isa or gp program' : 'jar1 program'} cases`);

  const byFocus = zeroByFocus();
  const known = new Map<string, number>();
  const repeats = new Map<string, number>();
  const reported = new Set<string>();
  const findings: TargetFinding[] = [];
  let unsupported = 0;
  let unbounded = 0;
  let lastLine = start;
  const total = (): number => FOCI.reduce((a, f) => a + byFocus[f], 0);
  const progress = (): void => {
    const now = Date.now();
    if (now - lastLine < o.progressMs) return;
    lastLine = now;
    const s = (now - start) / 1000;
    const k = [...known.values()].reduce((a, b) => a + b, 0);
    io.out(`[${s.toFixed(0).padStart(4)} s] ${fmt(total())} cases (${fmt(total() / s)}/s) | ${foci.map((f) => `${f} ${fmt(byFocus[f])}`).join(' ')} | unsupported ${fmt(unsupported)} | known ${fmt(k)} | findings ${findings.length} | restarts ${restarts()}`);
  };

  /** One case through the target; null when nothing is to be judged (declined, unbounded). */
  const runOne = async (c: FuzzCase, target: Target): Promise<Observed | null> => {
    const tc0 = targetCaseOf(c, supports);
    if (tc0 === null) return null;
    // The target works on the case while the model computes the answer it is judged by: the two
    // processes overlap. A case is sent before the model has run it only when its gas bounds any
    // correct run (a jar1 program with little gas: every block costs gas); any other case the impl
    // screens first (does it end within the bound? which host answers does it use?).
    const sendFirst = tc0.kind === 'program' && tc0.profile === 'jar1' && BigInt((tc0.input as { gas: string }).gas) <= SEND_FIRST_GAS;
    const screened = sendFirst ? { tc: tc0 } : modelAnswer(screen, tc0);
    if (screened === null) {
      unbounded++;
      return null;
    }
    const pending = target.run(screened.tc);
    const m = modelAnswer(model, screened.tc, { trim: false }); // the model's answer to exactly what was sent
    const answer = await pending;
    if (m === null) {
      unbounded++; // the impl bounded it, the model did not: not judged
      return null;
    }
    if (answer.kind === 'unsupported') unsupported++;
    const judgement = judge(m.expected, answer);
    return { tc: m.tc, expected: m.expected, judgement, notes: judgement === null ? [] : classify(m.tc, m.expected, answer) };
  };

  /** The spec-notes whose question a difference is (none for faults). */
  function classify(tc: TargetCase, expected: VectorExpected, answer: Answer): string[] {
    if (answer.kind !== 'result') return [];
    try {
      return detectNotes({ kind: tc.kind, profile: tc.profile, input: tc.input, expected, actual: answer.output });
    } catch (e) {
      io.err(`javm fuzz: a spec-note detector threw (a kit bug; classification skipped): ${String(e)}`);
      return [];
    }
  }

  let halted = false; // a finding without --keep-going stops every loop
  // fast-check's time limit can end a round while a predicate still awaits the target: once the
  // campaign has ended, such a straggler (or any later call) does nothing
  let ended = false;
  // scale rounds (SCALE_ROUND_RUNS slow cases each) are passed over while they have taken more than SCALE_SHARE of the time
  let scaleMs = 0;
  const others = foci.some((f) => f !== 'scale');
  /** One worker's loop: rounds of its own seed stream against its own target process. */
  const loop = async (target: Target, stream: number): Promise<void> => {
    for (let round = 0; ; round++) {
      const left = o.timeMs - (Date.now() - start);
      if (foci.length === 0 || left <= 0 || total() >= o.runs || o.stop?.stopped || halted) break;
      let focus = foci[(round + stream) % foci.length] ?? 'core';
      while (o.path === undefined && focus === 'scale' && others && scaleMs > SCALE_SHARE * (Date.now() - start)) focus = foci[(++round + stream) % foci.length] ?? 'core';
      const roundStart = Date.now();
      const seed = o.path === undefined ? roundSeed(o.seed, stream, round) : o.seed;
      let shape: string | null = null;
      let shrinkDeadline = Infinity;
      let key = '';
      let lastFail: Observed | null = null; // the last case that failed: a finding even when a re-run passes
      const property = fc.asyncProperty(arbitraryOf(focus), async (c) => {
        if (Date.now() > shrinkDeadline || o.stop?.stopped || ended || (halted && shape === null)) return true;
        const r = await runOne(c, target);
        if (ended) return true; // the campaign ended while this case was out: not counted, not reported
        if (shape === null) {
          byFocus[focus]++;
          progress();
        }
        if (r === null || r.judgement === null) return true;
        if (shape !== null) {
          if (signature(r.judgement) !== shape) return true; // shrinking: only towards the same kind of difference
          lastFail = r;
          return false;
        }
        const cls = knownClass(o.expect, { judgement: r.judgement, notes: r.notes, kind: r.tc.kind, profile: r.tc.profile });
        if (cls !== null) {
          known.set(cls.name, (known.get(cls.name) ?? 0) + 1);
          return true;
        }
        const k = classKey(r.judgement, r.notes);
        if (reported.has(k) && o.path === undefined) {
          repeats.set(k, (repeats.get(k) ?? 0) + 1);
          return true;
        }
        key = k;
        reported.add(k); // claimed now: another loop meeting the same class meanwhile counts it as seen again
        lastFail = r;
        shape = signature(r.judgement);
        shrinkDeadline = Date.now() + o.shrinkMs;
        return false;
      });
      const params = o.path === undefined
        ? { seed, numRuns: Math.max(1, Math.min(focus === 'scale' ? SCALE_ROUND_RUNS : 100, o.runs - total())), interruptAfterTimeLimit: Math.max(1, left) }
        : { seed, path: o.path, numRuns: 1 };
      const r = await fc.check(property, params);
      if (focus === 'scale') scaleMs += Date.now() - roundStart;
      if (r.failed && r.counterexample !== null) {
        const f = await finish(target, r.counterexample[0], focus, seed, r.counterexamplePath ?? o.path ?? '', r.numShrinks, lastFail);
        reported.add(key);
        const shrunkKey = f === null ? null : classKey(f.judgement, f.notes);
        const knownAfter = f === null ? null : knownClass(o.expect, { judgement: f.judgement, notes: f.notes, kind: f.tc.kind, profile: f.tc.profile });
        if (knownAfter !== null) {
          known.set(knownAfter.name, (known.get(knownAfter.name) ?? 0) + 1); // the shrunk case shows which known class it is
        } else if (f !== null && shrunkKey !== null && reported.has(shrunkKey) && shrunkKey !== key) {
          repeats.set(shrunkKey, (repeats.get(shrunkKey) ?? 0) + 1); // shrinking led to a class already reported
        } else if (f !== null && shrunkKey !== null) {
          reported.add(shrunkKey);
          const file = o.outDir === null ? null : writeFinding(o.outDir, f, hello);
          const page = file === null ? null : writeFindingPage(file, `${hello.name} ${hello.version}`, f.answer);
          if (page !== null && page.file === null) io.err(`javm fuzz: no divergence page for ${file}: ${page.why ?? 'no reason given'}`);
          const written: TargetFinding = { ...f, file, page: page?.file ?? null };
          findings.push(written);
          for (const line of findingReport(written, hello, o)) io.out(line);
          if (!o.keepGoing) {
            halted = true;
            break;
          }
        }
      }
      if (o.path !== undefined) break;
    }
  };
  try {
    await Promise.all(targets.map((t, w) => loop(t, o.shard[0] + o.shard[1] * w)));
  } finally {
    ended = true;
    await Promise.all(targets.map((t) => t.close()));
  }

  /**
   * Re-runs a shrunk case (with a trace where offered) on a freshly started target for its report. When the re-run passes, the
   * finding is the last failing run seen (a crash or hang that depends on the target's history is
   * still a finding); null only when there is none.
   */
  async function finish(target: Target, c: FuzzCase, focus: Focus, seed: number, path: string, shrinks: number, seen: Observed | null): Promise<TargetFinding | null> {
    const tc0 = targetCaseOf(c, supports);
    const m = tc0 === null ? null : modelAnswer(model, tc0);
    if (m === null) return null;
    await target.fresh(); // the re-run on a fresh process: a finding that comes back does not depend on the target's history
    const answer = await target.run(m.tc, { trace: true });
    const stderr = target.stderrTail();
    let judgement = judge(m.expected, answer);
    const reproduced = judgement !== null; // the page shows this answer only when it is the finding's
    let notes = judgement === null ? [] : classify(m.tc, m.expected, answer);
    let tc = m.tc;
    let expected = m.expected;
    let localisation = judgement?.kind === 'differs' ? localise(m.tc, answer, hello) : [];
    if (judgement === null) {
      if (seen === null || seen.judgement === null) return null;
      ({ tc, expected, judgement, notes } = seen);
      localisation = ['not reproduced by a re-run of the shrunk case on the restarted target: the outcome depends on what the target ran before (state kept across requests, or a resource limit)'];
    }
    if (judgement === null) return null;
    return { focus, seed, path, tc, expected, judgement, notes, localisation, shrinks, stderr, file: null, ...(reproduced ? { answer } : {}) };
  }

  const seconds = (Date.now() - start) / 1000;
  const n = total();
  io.out(`summary: ${fmt(n)} cases in ${seconds.toFixed(1)} s (${fmt(n / Math.max(seconds, 1e-9))}/s); ${foci.map((f) => `${f} ${fmt(byFocus[f])}`).join(', ')}; declined by the target (unsupported) ${fmt(unsupported)}; not judged (no end within ${fmt(MODEL_STEPS)} model steps${foci.includes('scale') ? `, scale ${fmt(SCALE_MODEL_STEPS)}` : ''}) ${fmt(unbounded)}; target restarts ${restarts()}`);
  for (const [name, count] of known) io.out(`summary: known class ${name}: ${fmt(count)} case(s)`);
  for (const f of findings) {
    const k = classKey(f.judgement, f.notes);
    const again = repeats.get(k);
    io.out(`summary: finding [${f.judgement.kind}] ${f.notes.length > 0 ? `spec-notes/${f.notes.join(', ')}` : 'no spec-note'}: ${f.judgement.summary.slice(0, 160)}${again === undefined ? '' : ` (seen again in ${fmt(again)} more case(s))`}${f.file === null ? '' : ` -> ${f.file}`}`);
  }
  const interrupted = o.stop?.stopped === true;
  const verdict = findings.length === 0 ? 'PASS' : 'FAIL';
  io.out(`verdict: ${verdict} — target ${hello.name} ${hello.version}: ${fmt(n)} cases, ${findings.length} new finding class(es)${known.size > 0 ? `, ${fmt([...known.values()].reduce((a, b) => a + b, 0))} known differences` : ''}${interrupted ? ' (interrupted)' : ''}; seed ${o.seed}`);
  return { hello, cases: n, byFocus, unsupported, unbounded, known, findings, repeats, restarts: restarts(), seconds, interrupted };
}
