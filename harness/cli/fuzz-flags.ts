/**
 * The flags of `javm fuzz` and the parsers other commands share (durations, counts, foci, the seed):
 * one module below both the in-process campaign (fuzz.ts) and the target campaign (fuzz-target.ts).
 */
import { randomInt } from 'node:crypto';
import { UsageError } from '../engines.js';
import { FOCI, type Focus } from '../fuzz/cases.js';

export interface FuzzFlags {
  time?: string;
  runs?: string;
  seed?: string;
  workers?: string;
  shard?: string;
  focus: string;
  engines: string;
  path?: string;
  replay?: string;
  mutant?: string;
  keepGoing?: boolean;
  write: boolean;
  out?: string;
  stepwiseEvery: string;
  progress: string;
  /** With --target: the external implementation's command (harness/target/, vectors/TARGET.md). */
  target?: string;
  timeout: string;
  handshakeTimeout: string;
  shrinkTime: string;
  expect?: string;
}

/** "60s", "2m", "500ms", "60" (seconds) → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (m === null) throw new UsageError(`${flag}: '${text}' is not a duration (e.g. 60s, 2m, 500ms)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

/** A whole number ≥ min, or a usage error naming the flag. */
export function parseCount(text: string, flag: string, min = 1): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < min || !Number.isSafeInteger(Number(text))) throw new UsageError(`${flag}: '${text}' is not a whole number ≥ ${min}`);
  return Number(text);
}

/** A comma-separated list of foci, or all of them. */
export function parseFoci(text: string): Focus[] {
  if (text === 'all') return [...FOCI];
  const foci = text.split(',').map((s) => s.trim());
  for (const f of foci) if (!FOCI.includes(f as Focus)) throw new UsageError(`--focus: '${f}' is not a focus (choose core, kernel, blob, scale or all)`);
  return foci as Focus[];
}

/** The campaign seed: --seed, else JAVM_SEED, else random (always printed). */
export function seedOf(flag: string | undefined): number {
  const text = flag ?? process.env.JAVM_SEED;
  if (text === undefined || text === '') return randomInt(0, 2 ** 31);
  if (!/^\d+$/.test(text) || Number(text) >= 2 ** 32) throw new UsageError(`--seed: '${text}' is not a u32 (decimal)`);
  return Number(text);
}

