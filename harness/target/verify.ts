/**
 * `javm vectors verify --target "<command>"`: every selected vector through a target process
 * (vectors/TARGET.md), one request at a time. A vector of a kind or profile the target did not
 * announce is skipped; a crash, hang or garbage answer fails that vector and the target is restarted.
 */
import type { CaseKind } from '../../vectors/lib/target.js';
import type { Outcome, Report } from '../vectors/verify.js';
import { judgeAnswer, readable, reportOf, selectVectors } from '../vectors/verify.js';
import { Target, type TargetOptions } from './client.js';

/** Runs the vectors under a path (matching a filter) on a target; `onProgress` hears the count done. */
export async function verifyOnTarget(path: string, command: string, o: TargetOptions, filter?: string, onProgress?: (done: number, total: number) => void): Promise<{ report: Report; name: string; restarts: number }> {
  const selected = selectVectors(path, filter);
  const vectors = readable(selected);
  const target = new Target(command, o);
  const hello = await target.start();
  const outcomes: Outcome[] = [];
  try {
    for (const v of vectors) {
      if (v.runner === 'kernel' || !target.supports({ kind: v.runner as CaseKind, profile: v.profile })) {
        outcomes.push({ status: 'skip', reason: `the target does not run ${v.profile} ${v.runner} cases` });
        continue;
      }
      const a = await target.run({ kind: v.runner, profile: v.profile, input: v.input }, { snapshot: true });
      switch (a.kind) {
        case 'result': outcomes.push(judgeAnswer(v, a.output)); break;
        case 'unsupported': outcomes.push({ status: 'skip', reason: a.reason }); break;
        case 'error': outcomes.push({ status: 'error', message: `target error: ${a.message}` }); break;
        default: outcomes.push({ status: 'error', message: `target ${a.kind}: ${a.detail}` });
      }
      onProgress?.(outcomes.length, vectors.length);
    }
  } finally {
    await target.close();
  }
  return { report: reportOf(selected, outcomes), name: `${hello.name} ${hello.version}`, restarts: target.restarts };
}
