/**
 * `javm w3f <file-or-dir>`: runs Web3 Foundation PVM vector files on an engine and prints one
 * PASS/FAIL line per file and a total; exit status 1 if any file fails, 2 if any file is malformed
 * (not JSON, or not the w3f format: an ERROR line naming the file and field).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readW3f, W3fFormatError } from '../../vectors/lib/w3f.js';
import { engineByName, UsageError } from '../engines.js';
import { checkW3f } from '../w3f/check.js';
import type { Io } from './io.js';

/** The vector files at a path: the file itself, or the *.json files of a directory, sorted. */
export function w3fFiles(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!isDir) return [path];
  const files = readdirSync(path).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f));
  if (files.length === 0) throw new UsageError(`${path}: no .json files in this directory`);
  return files;
}

/** Runs the command; returns the process exit status. */
export function w3fCommand(path: string, flags: { engine: string; quiet?: boolean }, io: Io): number {
  const engine = engineByName(flags.engine).core;
  let passed = 0;
  let failed = 0;
  let malformed = 0;
  for (const file of w3fFiles(path)) {
    try {
      const c = readW3f(file);
      const verdict = checkW3f(engine, c);
      if (verdict.pass) {
        passed++;
        if (!flags.quiet) io.out(`PASS ${c.name}`);
      } else {
        failed++;
        io.out(`FAIL ${c.name} (${file}): ${verdict.differences.join('; ')}`);
      }
    } catch (e) {
      if (!(e instanceof W3fFormatError)) throw e;
      failed++;
      malformed++;
      io.out(`ERROR ${e.message}`);
    }
  }
  io.out(`${passed} passed, ${failed} failed`);
  return malformed > 0 ? 2 : failed === 0 ? 0 : 1;
}
