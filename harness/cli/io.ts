/**
 * Where CLI output goes, so that tests can run commands in-process and read what they print.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { Option } from 'commander';
import { JAR_MAGIC } from '../../model/blob/jar.js';
import type { Profile } from '../../vectors/lib/types.js';
import { UsageError } from '../engines.js';
import { parseU64 } from './format.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/**
 * The largest blob a command reads unless --max-blob-size says otherwise: 64 MiB. Neither the JAR
 * spec nor the Gray Paper bounds a program blob or its code for the VM (their headers allow a u32
 * code length; the protocol's W_C = 4,000,000 bounds service code on chain, not what JAVM loads), so
 * this is the tool's own guard: it holds the 2^24 + 8 instruction test program (about 19 MB) and
 * keeps a decoded program within a few hundred MB.
 */
export const DEFAULT_MAX_BLOB_SIZE = 64 * 2 ** 20;

/** The --max-blob-size flag's value (bytes, decimal or 0x hex), or the default. */
export function maxBlobSizeOf(flag: string | undefined): number {
  if (flag === undefined) return DEFAULT_MAX_BLOB_SIZE;
  const v = parseU64(flag, '--max-blob-size');
  if (v < 1n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError(`--max-blob-size: ${flag} is not a byte count 1..2^53-1`);
  return Number(v);
}

/** The --max-blob-size option of the commands that read a blob (run, disasm, trace); `what` names the file it bounds. */
export const maxBlobSizeOption = (what: string): Option =>
  new Option('--max-blob-size <bytes>', `the largest ${what} read (default ${DEFAULT_MAX_BLOB_SIZE}: 64 MiB)`);

const tooLarge = (path: string, max: number, got: string): UsageError =>
  new UsageError(`${path}: blob: expected at most ${max} bytes (got ${got}); raise --max-blob-size`);

/** The bytes of a file of at most maxBytes, or a usage error naming it and why it cannot be read. */
export function readBlobFile(path: string, maxBytes = DEFAULT_MAX_BLOB_SIZE): Uint8Array {
  let fd: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`${path}: is a directory, expected a blob file`);
    if (st.isFile() && st.size > maxBytes) throw tooLarge(path, maxBytes, String(st.size));
    fd = openSync(path, 'r');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  // Read in chunks up to maxBytes + 1 (pipes such as /dev/stdin have no size to check first).
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = new Uint8Array(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge(path, maxBytes, `more than ${maxBytes}`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    closeSync(fd);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
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
