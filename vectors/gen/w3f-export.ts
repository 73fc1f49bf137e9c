/**
 * Export of gp isa and program vectors in the Web3 Foundation PVM test-vector format
 * (../shared/vectors/w3f-pvm/programs/*.json), so existing PVM implementations can run them unchanged.
 * Only cases whose outcome that format can state are exported: a single run ending in halt, panic
 * or trap (both "panic" there) or a page fault; u64 values are bare JSON integers as in the originals.
 */
import {
  codeFrom, fromHex, type ChunkJson, type GpProgramExpected, type GpProgramInput, type IsaExpected, type IsaInput, type PageJson, type Vector,
} from '../lib/format.js';
import { gpBlob } from './asm.js';

const BIG = '__u64__';
const big = (s: string): string => `${BIG}${BigInt(s).toString(10)}`;
const signed = (s: string): string => `${BIG}${BigInt.asIntN(64, BigInt(s)).toString(10)}`;
const pageMap = (p: readonly PageJson[]): object[] => p.map((r) => ({ address: r.address, length: r.length, 'is-writable': r.access === 'W' }));
const chunks = (m: readonly ChunkJson[]): object[] => m.map((c) => ({ address: c.address, contents: [...fromHex(c.bytes)] }));

interface Run { readonly pc: number; readonly gas: string; readonly regs: readonly string[]; readonly pages: readonly PageJson[]; readonly memory: readonly ChunkJson[] }
interface Outcome { readonly exit: IsaExpected['exit']; readonly pc: number; readonly gas: string; readonly regs: readonly string[]; readonly memory: readonly ChunkJson[] }

function w3fText(name: string, program: Uint8Array, init: Run, out: Outcome): string | null {
  const kind = out.exit?.kind;
  const status = kind === 'halt' ? 'halt' : kind === 'trap' || kind === 'panic' ? 'panic' : kind === 'fault' ? 'page-fault' : null;
  if (status === null || out.exit === null) return null;
  const fault = out.exit.kind === 'fault' ? { 'expected-page-fault-address': Number(BigInt(out.exit.address)) } : {};
  const doc = {
    name,
    'initial-regs': init.regs.map(big),
    'initial-pc': init.pc,
    'initial-page-map': pageMap(init.pages),
    'initial-memory': chunks(init.memory),
    'initial-gas': signed(init.gas),
    program: [...program],
    'expected-status': status,
    'expected-regs': out.regs.map(big),
    'expected-pc': out.pc,
    'expected-memory': chunks(out.memory),
    'expected-gas': signed(out.gas),
    ...fault,
  };
  return `${JSON.stringify(doc, null, 2).replace(new RegExp(`"${BIG}(-?[0-9]+)"`, 'g'), '$1')}\n`;
}

/** The w3f file text of a gp vector, or null when the vector cannot be expressed in that format. */
export function toW3f(v: Vector): string | null {
  if (v.profile !== 'gp') return null;
  if (v.runner === 'isa') {
    const i = v.input as IsaInput;
    const e = v.expected as IsaExpected;
    return w3fText(v.name, gpBlob(codeFrom(i.code)), i, e);
  }
  if (v.runner === 'program') {
    const i = v.input as GpProgramInput;
    const e = v.expected as GpProgramExpected;
    const last = e.exits[0];
    if (e.exits.length !== 1 || last === undefined || last.exit === null || 'value' in last.exit || last.exit.kind === 'protocol') return null;
    return w3fText(v.name, fromHex(i.blob), i, { exit: last.exit, pc: last.pc, gas: last.gas, regs: last.regs, memory: e.memory });
  }
  return null;
}
