/**
 * Where the shared inputs live: the w3f PVM vectors sit in `../shared` beside a clone of this repo
 * (as CI lays it out), or wherever JAVM_W3F_DIR points.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The directory of w3f PVM vector files; throws a message saying how to provide it when absent. */
export function w3fProgramsDir(): string {
  const dir = process.env.JAVM_W3F_DIR ?? fileURLToPath(new URL('../../../shared/vectors/w3f-pvm/programs', import.meta.url));
  if (!existsSync(dir)) throw new Error(`w3f vectors not found at ${dir}: clone this repo beside shared/ or set JAVM_W3F_DIR`);
  return dir;
}
