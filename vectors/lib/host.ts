/**
 * A host answer applied to a plain gp machine state (pages and memory chunks, as the `program` runner
 * and the CLI carry it between core runs): the same order and rules as the kernel's
 * `KernelSession.answerProtocolCall` (spec-notes/0063, 0064). Plain data only: no engine runs here.
 */
import type { HostAnswer, HostWrite } from './kernel.js';
import { PAGE_SIZE, type MemoryChunk, type PageRange } from './types.js';

/** The parts of a gp machine state between two core runs that a host answer changes. */
export interface CoreHostState {
  readonly gas: bigint;
  readonly regs: readonly bigint[];
  readonly pages: readonly PageRange[];
  readonly memory: readonly MemoryChunk[];
}

/** Whether every page the write touches is in a writable range, and no byte lies at 2^32 or above (spec-notes/0063). */
export function writeAllowed(pages: readonly PageRange[], w: HostWrite): boolean {
  if (w.bytes.length === 0) return true;
  if (!Number.isSafeInteger(w.address) || w.address < 0 || w.address + w.bytes.length > 2 ** 32) return false;
  const first = Math.floor(w.address / PAGE_SIZE);
  const last = Math.floor((w.address + w.bytes.length - 1) / PAGE_SIZE);
  for (let page = first; page <= last; page++) {
    const a = page * PAGE_SIZE;
    if (!pages.some((r) => r.access === 'W' && a >= r.address && a < r.address + r.length)) return false;
  }
  return true;
}

/**
 * The state after the answer: gas less the charge (saturating at 0), then the writes appended as
 * chunks (later chunks overlay earlier ones), then φ7, φ8; or `rejected` with only the charge applied
 * when a write is not allowed (the run then ends with Panic).
 */
export function answerCoreState(s: CoreHostState, answer: HostAnswer): { readonly rejected: boolean; readonly state: CoreHostState } {
  const charge = answer.charge ?? 0n;
  const gas = s.gas > charge ? s.gas - charge : 0n;
  const writes = (answer.writes ?? []).filter((w) => w.bytes.length > 0);
  if (!writes.every((w) => writeAllowed(s.pages, w))) return { rejected: true, state: { ...s, gas } };
  const regs = [...s.regs];
  regs[7] = answer.r7;
  regs[8] = answer.r8;
  return { rejected: false, state: { gas, regs, pages: s.pages, memory: [...s.memory, ...writes.map((w) => ({ address: w.address, bytes: w.bytes }))] } };
}
