/**
 * Where CLI output goes, so that tests can run commands in-process and read what they print.
 */
import { readFileSync, statSync } from 'node:fs';
import { JAR_MAGIC } from '../../model/blob/jar.js';
import type { Profile } from '../../vectors/lib/types.js';
import { UsageError } from '../engines.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** The bytes of a file, or a usage error naming it and why it cannot be read. */
export function readBlobFile(path: string): Uint8Array {
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (isDirectory) throw new UsageError(`${path}: is a directory, expected a blob file`);
  return new Uint8Array(readFileSync(path)); // pipes such as /dev/stdin are fine
}

/** The text of a file, or a usage error naming it and why it cannot be read. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The profile named by a flag, or guessed from the blob: jar1 if it starts with the JAR v2 magic, else gp. */
export function profileOf(flag: string | undefined, blob: Uint8Array): Profile {
  if (flag === undefined) return JAR_MAGIC.every((b, k) => blob[k] === b) ? 'jar1' : 'gp';
  if (flag !== 'jar1' && flag !== 'gp') throw new UsageError(`--profile: '${flag}' is not a profile (choose jar1 or gp)`);
  return flag;
}
