/**
 * Runs one case on one engine and records everything the differential tester compares: the load
 * result, every kernel event, every exit to the host with its step count, the snapshots at those
 * exits, and the kernel invariants (harness/invariants.ts). A thrown exception is recorded, never
 * propagated: it is a bug in the engine, whatever the other engine does.
 * In stepwise mode the kernel is driven one instruction at a time so that the invariants are checked
 * on the snapshot after every kernel event (one CALL, REPLY, fault, MAP...), not just at host exits.
 */
import type { CoreEngine } from '../../vectors/lib/engine.js';
import type { KernelEngine, KernelEvent, KernelSnapshot } from '../../vectors/lib/kernel.js';
import type { CodeImage, CoreRunResult, KernelExit } from '../../vectors/lib/types.js';
import { kernelViolations } from '../invariants.js';
import type { CoreCase, KernelCase } from './cases.js';
import { hostFullAnswer } from './values.js';

/** The most protocol calls the host answers in one case. */
export const MAX_HOST_CALLS = 32;
/** A kernel case whose host seed is RESTORE_EVERY − 1 modulo this goes on after each protocol exit in a session rebuilt from its snapshot. */
export const RESTORE_EVERY = 3;
/** How far a rebuilt session's next VM id moves up (every other restoring host seed): past the 2^22 ids an implementation may keep densely. */
export const LATER_IDS = 2 ** 22;

/**
 * The snapshot of the same kernel after `extra` more CREATE/DROP pairs: only nextVmId differs (ids are
 * never reused, and only live VMs count toward the pool limit), so VMs created from it get large ids.
 */
export function withLaterIds(s: KernelSnapshot, extra: number): KernelSnapshot {
  return { ...s, nextVmId: s.nextVmId + extra };
}

export interface Stop {
  readonly exit: KernelExit | null;
  readonly steps: number;
}

export interface KernelRecord {
  readonly engine: string;
  readonly load: { readonly ok: true } | { readonly ok: false; readonly class: string };
  readonly events: KernelEvent[];
  readonly stops: Stop[];
  /** The snapshot after each stop. */
  readonly snapshots: KernelSnapshot[];
  /** Invariant violations, each with the event index after which it was seen. */
  readonly violations: string[];
  /** What the session reports when answered once more after its invocation ended (its end again); null if it did not end. */
  afterEnd: KernelExit | null;
  thrown: string | null;
}

export interface RunOptions {
  /** Drive the kernel with run(1) and check the invariants after every kernel event. */
  readonly stepwise?: boolean;
  /** Check invariants at all (default true). */
  readonly invariants?: boolean;
  /** Go on after each protocol exit in a session rebuilt from its snapshot (default: by host seed, RESTORE_EVERY). */
  readonly restore?: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}` : String(e);
}

/** Runs a kernel case on one engine. */
export function runKernelCase(engine: KernelEngine, c: KernelCase, opts: RunOptions = {}): KernelRecord {
  const rec: KernelRecord = { engine: engine.name, load: { ok: true }, events: [], stops: [], snapshots: [], violations: [], afterEnd: null, thrown: null };
  const check = opts.invariants ?? true;
  let prev: KernelSnapshot | undefined;
  const inspect = (snap: KernelSnapshot): void => {
    if (!check) return;
    for (const v of kernelViolations(snap, prev)) rec.violations.push(`after event ${rec.events.length}: ${v}`);
    prev = snap;
  };
  try {
    const loaded = engine.load(c.blob, { gas: c.gas, ...(c.args.length > 0 ? { args: c.args } : {}), trace: (e) => rec.events.push(e) });
    if (!loaded.ok) {
      (rec as { load: KernelRecord['load'] }).load = { ok: false, class: loaded.error.class };
      return rec;
    }
    let session = loaded.value;
    if (check) inspect(session.snapshot());
    const restores = opts.restore ?? c.host % RESTORE_EVERY === RESTORE_EVERY - 1;
    const later = opts.restore === undefined && restores && c.host % (2 * RESTORE_EVERY) === 2 * RESTORE_EVERY - 1; // restored with later VM ids
    let budget = c.maxSteps;
    let calls = 0;
    for (;;) {
      let exit: KernelExit | null = null;
      let steps = 0;
      if (opts.stepwise) {
        while (steps < budget) {
          const seen = rec.events.length;
          const r = session.run(1);
          steps += r.steps;
          if (rec.events.length !== seen) inspect(session.snapshot());
          if (r.exit !== null) {
            exit = r.exit;
            break;
          }
          if (r.steps === 0 && rec.events.length === seen) break; // no progress: the engine refuses to step
        }
      } else {
        const r = session.run(budget);
        exit = r.exit;
        steps = r.steps;
      }
      budget -= steps;
      rec.stops.push({ exit, steps });
      const snap = session.snapshot();
      rec.snapshots.push(snap);
      if (!opts.stepwise) inspect(snap);
      if (exit?.kind !== 'protocol' || calls >= MAX_HOST_CALLS || budget <= 0) {
        // an answer after the invocation has ended changes nothing: the session reports its end again
        if (exit !== null && exit.kind !== 'protocol') rec.afterEnd = session.answerProtocolCall({ r7: 1n, r8: 2n });
        break;
      }
      // some cases go on from a session rebuilt from the snapshot (KernelEngine.fromSnapshot): it must be the same kernel
      if (restores) session = engine.fromSnapshot(later ? withLaterIds(snap, LATER_IDS) : snap, (e) => rec.events.push(e));
      session.answerProtocolCall(hostFullAnswer(c.host, calls++)); // an answer that ends the invocation shows at the next run()
    }
  } catch (e) {
    rec.thrown = errorText(e);
  }
  return rec;
}

export interface CoreRecord {
  readonly engine: string;
  /** A gp-blob case's parse: the image, or the load error class (absent for other cases). */
  readonly load?: { readonly ok: true; readonly image: CodeImage } | { readonly ok: false; readonly class: string };
  readonly result: CoreRunResult | null;
  readonly thrown: string | null;
}

/** Runs a core case on one engine (a gp-blob case: parse its blob, then run the image parsed, if any). */
export function runCoreCase(engine: CoreEngine, c: CoreCase, maxSteps = c.maxSteps): CoreRecord {
  try {
    if (c.gpBlob === undefined) return { engine: engine.name, result: engine.runCore(c.input, { maxSteps }), thrown: null };
    const parsed = engine.parseCode('gp', c.gpBlob);
    if (!parsed.ok) return { engine: engine.name, load: { ok: false, class: parsed.error.class }, result: null, thrown: null };
    const image = parsed.value;
    return { engine: engine.name, load: { ok: true, image }, result: engine.runCore({ ...c.input, profile: 'gp', image }, { maxSteps }), thrown: null };
  } catch (e) {
    return { engine: engine.name, result: null, thrown: errorText(e) };
  }
}
