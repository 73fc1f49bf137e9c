/**
 * Number parsing and printing for the command line: u64 values in decimal or 0x hex, bytes in hex.
 */
import { parseHex as hexBytes, u64 } from '../../vectors/lib/hex.js';
import type { CoreExit, KernelExit } from '../../vectors/lib/types.js';
import { UsageError } from '../engines.js';

/** A u64 from a flag value ("1000", "0xff"), or a usage error naming the flag. */
export function parseU64(text: string, flag: string): bigint {
  const t = text.trim().replace(/_/g, '');
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) throw new UsageError(`${flag}: '${text}' is not a number (decimal or 0x hex)`);
  const v = BigInt(t);
  if (v >= 1n << 64n) throw new UsageError(`${flag}: ${text} does not fit in 64 bits`);
  return v;
}

/** Bytes from a hex flag value (spaces allowed), or a usage error naming the flag. */
export function parseHex(text: string, flag: string): Uint8Array {
  const bytes = hexBytes(text.replace(/\s/g, ''));
  if (bytes === null) throw new UsageError(`${flag}: '${text}' is not an even-length hex string`);
  return bytes;
}

/** "0x..." form of a u64 (vectors/lib/hex.ts u64, the form every file of the kit writes). */
export const hex64 = u64;

/** An exit for people: "trap", "fault 0x21000", "ecalli 0". */
export function describeExit(exit: CoreExit | null): string {
  if (exit === null) return 'step budget exhausted';
  if (exit.kind === 'fault') return `page fault at ${hex64(exit.address)}`;
  if (exit.kind === 'ecalli') return `ecalli ${exit.id}`;
  if (exit.kind === 'oog') return 'out of gas';
  return exit.kind;
}

/** An exit as JSON: kind plus its value with u64s as "0x..." strings. */
export function exitJson(exit: CoreExit | null): Record<string, string | number> | null {
  if (exit === null) return null;
  if (exit.kind === 'fault') return { kind: 'fault', address: hex64(exit.address) };
  if (exit.kind === 'ecalli') return { kind: 'ecalli', id: exit.id };
  return { kind: exit.kind };
}

/** The kernel exit for people: "halt 55", "protocol call 3", "page fault at 0x21000". */
export function describeKernelExit(exit: KernelExit | null): string {
  if (exit === null) return 'step budget exhausted';
  switch (exit.kind) {
    case 'halt': return `halt (φ7 = ${exit.value})`;
    case 'fault': return `page fault at ${hex64(exit.address)}`;
    case 'protocol': return `protocol call ${exit.id} (the host must answer)`;
    case 'oog': return 'out of gas';
    case 'panic': return 'panic';
  }
}

export function kernelExitJson(exit: KernelExit | null): Record<string, string | number> | null {
  if (exit === null) return null;
  if (exit.kind === 'halt') return { kind: 'halt', value: hex64(exit.value) };
  if (exit.kind === 'fault') return { kind: 'fault', address: hex64(exit.address) };
  if (exit.kind === 'protocol') return { kind: 'protocol', id: exit.id };
  return { kind: exit.kind };
}
