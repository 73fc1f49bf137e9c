/**
 * Runs one Web3 Foundation PVM case on a core engine and compares every expected field.
 * The w3f status `panic` covers our trap and panic (the GP has no separate trap).
 */
import type { CoreEngine } from '../../vectors/lib/engine.js';
import type { CoreExit, MemoryChunk } from '../../vectors/lib/types.js';
import type { W3fCase, W3fStatus } from '../../vectors/lib/w3f.js';

export interface W3fVerdict {
  readonly pass: boolean;
  /** What differed, one item per field ("gas: expected 9998, got 9997"). */
  readonly differences: readonly string[];
}

/** The w3f status of one of our exits; null for exits the w3f format cannot express. */
export function w3fStatus(exit: CoreExit | null): W3fStatus | null {
  if (exit === null) return null;
  if (exit.kind === 'trap' || exit.kind === 'panic') return 'panic';
  if (exit.kind === 'halt') return 'halt';
  if (exit.kind === 'fault') return 'page-fault';
  return null;
}

/** Non-zero bytes as an address → byte map. */
function byteMap(chunks: readonly MemoryChunk[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const c of chunks) c.bytes.forEach((b, i) => b !== 0 && m.set(c.address + i, b));
  return m;
}

/** Runs the case on an engine (gp profile) and lists every difference from the expected outcome. */
export function checkW3f(engine: CoreEngine, c: W3fCase): W3fVerdict {
  const image = engine.parseCode('gp', c.program);
  if (!image.ok) return { pass: false, differences: [`program rejected: ${image.error.message}`] };
  const result = engine.runCore({
    profile: 'gp', image: image.value, pc: c.initialPc, gas: c.initialGas, regs: c.initialRegs,
    pages: c.initialPages, memory: c.initialMemory,
  });
  const d: string[] = [];
  const status = w3fStatus(result.exit);
  if (status !== c.expectedStatus) d.push(`status: expected ${c.expectedStatus}, got ${result.exit?.kind ?? 'none'}`);
  if (c.expectedStatus === 'page-fault' && result.exit?.kind === 'fault' && result.exit.address !== BigInt(c.expectedPageFaultAddress ?? -1)) {
    d.push(`page-fault address: expected ${c.expectedPageFaultAddress}, got ${result.exit.address}`);
  }
  if (result.state.pc !== c.expectedPc) d.push(`pc: expected ${c.expectedPc}, got ${result.state.pc}`);
  if (result.state.gas !== c.expectedGas) d.push(`gas: expected ${c.expectedGas}, got ${result.state.gas}`);
  c.expectedRegs.forEach((v, i) => {
    const got = result.state.regs[i];
    if (got !== v) d.push(`r${i}: expected 0x${v.toString(16)}, got 0x${got?.toString(16)}`);
  });
  const want = byteMap(c.expectedMemory);
  const got = byteMap(result.state.memory);
  for (const a of new Set([...want.keys(), ...got.keys()])) {
    if (want.get(a) !== got.get(a)) d.push(`memory[0x${a.toString(16)}]: expected ${want.get(a) ?? 0}, got ${got.get(a) ?? 0}`);
  }
  return { pass: d.length === 0, differences: d };
}
