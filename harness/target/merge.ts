/**
 * `javm fuzz merge <dirs...>`: the findings of many campaigns (shards of a CI matrix, machines, days)
 * merged into one folder, one vector per class: the finding kind, the spec-note it concerns, else the
 * shape of its first differing path, per profile and runner. Of a class, the vector with the smallest
 * input is kept. Findings are ordinary vectors (handler `finding`), so the merged folder replays with
 * `javm vectors verify <dir> --target ...`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vectorPath, vectorText, type Vector } from '../../vectors/lib/format.js';
import { UsageError } from '../engines.js';
import { selectVectors } from '../vectors/verify.js';

export interface MergedClass {
  readonly key: string;
  readonly count: number;
  readonly kept: Vector;
  readonly file: string;
}

/** The class of a finding vector: profile, runner, kind (its name's prefix), and its first note or the shape of the path its description names. */
export function findingClass(v: Vector): string {
  const kind = v.name.split('_')[0] ?? 'differs';
  const path = /: (expected[^:\s]*): /.exec(v.description)?.[1]?.replace(/\[\d+\]/g, '[]');
  const what = v.notes.length > 0 ? `spec-notes/${v.notes[0]}` : path ?? 'no path';
  return `${v.profile} ${v.runner} ${kind} ${what}`;
}

/** Reads every finding under the folders and groups them by class; writes one per class under `out` when given. */
export function mergeFindings(dirs: readonly string[], out: string | null): MergedClass[] {
  const groups = new Map<string, { count: number; kept: Vector }>();
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new UsageError(`${dir}: no such folder (give folders written by javm fuzz --target --out)`);
    for (const s of selectVectors(dir)) {
      if (!('v' in s)) throw new UsageError(s.unreadable);
      if (s.v.handler !== 'finding') continue;
      const key = findingClass(s.v);
      const g = groups.get(key);
      const size = JSON.stringify(s.v.input).length;
      if (g === undefined) groups.set(key, { count: 1, kept: s.v });
      else groups.set(key, { count: g.count + 1, kept: size < JSON.stringify(g.kept.input).length ? s.v : g.kept });
    }
  }
  const classes = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, g]) => ({ key, count: g.count, kept: g.kept, file: out === null ? '' : join(out, vectorPath(g.kept)) }));
  if (out !== null) {
    for (const c of classes) {
      mkdirSync(join(c.file, '..'), { recursive: true });
      writeFileSync(c.file, vectorText(c.kept));
    }
  }
  return classes;
}
