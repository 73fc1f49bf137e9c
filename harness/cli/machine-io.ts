/**
 * Machine state in, memory out, for `javm run`: `--input <file>` runs a gp machine state (a w3f PVM
 * vector, an isa vector or a gp program vector, or the bare `input` object of one) instead of a
 * blob; `--dump ADDR:LEN` (repeatable) and `--dump-pages` print memory at the exit as a hex dump
 * (with --json: hex strings), for either profile (jar1: the active VM's address space, read from the
 * kernel snapshot, so any engine serves).
 */
import { parseCode } from '../../model/index.js';
import {
  codeFrom, fromHex, fromU64, memoryFrom, regsFrom, type GpProgramInput, type IsaInput,
} from '../../vectors/lib/format.js';
import type { KernelSnapshot } from '../../vectors/lib/kernel.js';
import { parseVector } from '../../vectors/lib/schema.js';
import { NUM_REGS, PAGE_SIZE, type CoreRunInput, type CoreSnapshot, type PageAccess } from '../../vectors/lib/types.js';
import { parseW3f } from '../../vectors/lib/w3f.js';
import { engineByName, UsageError } from '../engines.js';
import { describeExit, exitJson, hex64, parseU64 } from './format.js';
import { readBlobFile, type Io } from './io.js';

/** The flags of `javm run` this module reads. */
export interface MachineIoFlags {
  input?: string;
  dump?: string[];
  dumpPages?: boolean;
  engine: string;
  maxSteps?: string;
  json?: boolean;
}

/** Memory at the exit: the accessible pages, and a byte reader (null: no accessible page there). */
export interface MemoryView {
  readonly pages: readonly { readonly address: number; readonly length: number; readonly access: PageAccess }[];
  byte(address: number): number | null;
}

/** A core snapshot's memory (bytes outside its non-zero chunks read as 0 on an accessible page). */
export function coreMemory(s: CoreSnapshot): MemoryView {
  const bytes = new Map<number, number>();
  for (const c of s.memory) c.bytes.forEach((b, i) => bytes.set(c.address + i, b));
  const ok = (a: number): boolean => s.pages.some((r) => a >= r.address && a < r.address + r.length);
  return { pages: s.pages, byte: (a) => (ok(a) ? bytes.get(a) ?? 0 : null) };
}

/** A VM's memory in a kernel snapshot: the mapped pages of the DATA caps in its slots, over the backing store. */
export function vmMemory(snap: KernelSnapshot, vm: number): MemoryView {
  const map = new Map<number, { backing: number; access: PageAccess }>();
  for (const s of snap.vms.find((v) => v.id === vm)?.slots ?? []) {
    const c = s.cap;
    if (c.kind !== 'data' || c.base === null) continue;
    for (const p of c.mapped) map.set(c.base + p, { backing: c.backing + p, access: c.access ?? 'R' });
  }
  const backing = new Map(snap.backing.map((b) => [b.page, b.bytes]));
  const pages = [...map.keys()].sort((a, b) => a - b).map((p) => ({ address: p * PAGE_SIZE, length: PAGE_SIZE, access: map.get(p)!.access }));
  return {
    pages,
    byte: (a) => {
      const m = map.get(Math.floor(a / PAGE_SIZE));
      return m === undefined ? null : backing.get(m.backing)?.[a % PAGE_SIZE] ?? 0;
    },
  };
}

/** ADDR:LEN (decimal or 0x hex each), or a usage error naming --dump. */
export function parseDump(text: string): { address: number; length: number } {
  const [a, l, extra] = text.split(':');
  if (a === undefined || l === undefined || extra !== undefined) throw new UsageError(`--dump: '${text}' is not ADDR:LEN (e.g. 0x20000:64)`);
  const address = parseU64(a, '--dump');
  const length = parseU64(l, '--dump');
  if (address >= 2n ** 32n || length > 2n ** 32n - address) throw new UsageError(`--dump: '${text}' reaches past 2^32`);
  if (length > 1n << 24n) throw new UsageError(`--dump: '${text}': at most 16 MiB per dump`);
  return { address: Number(address), length: Number(length) };
}

const hx = (b: number | null): string => (b === null ? '??' : b.toString(16).padStart(2, '0'));

/** `hexdump -C`-like lines of a range: address, 16 bytes (?? where no page is accessible), ASCII. */
export function hexDumpLines(mem: MemoryView, address: number, length: number): string[] {
  const out: string[] = [];
  for (let row = 0; row < length; row += 16) {
    const n = Math.min(16, length - row);
    const bytes = Array.from({ length: n }, (_, i) => mem.byte(address + row + i));
    const hexes = bytes.map(hx);
    const text = bytes.map((b) => (b !== null && b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    out.push(`${(address + row).toString(16).padStart(8, '0')}  ${hexes.slice(0, 8).join(' ').padEnd(23)}  ${hexes.slice(8).join(' ').padEnd(23)}  |${text}|`);
  }
  return out;
}

/** Whether the run asked for any memory output. */
export const wantsDump = (flags: Pick<MachineIoFlags, 'dump' | 'dumpPages'>): boolean => (flags.dump?.length ?? 0) > 0 || flags.dumpPages === true;

/** The --dump/--dump-pages output as JSON fields: dumps and pages with their bytes as hex ("??" where inaccessible). */
export function dumpJson(flags: Pick<MachineIoFlags, 'dump' | 'dumpPages'>, mem: MemoryView): Record<string, unknown> {
  if (!wantsDump(flags)) return {};
  const bytes = (a: number, n: number): string => Array.from({ length: n }, (_, i) => hx(mem.byte(a + i))).join('');
  return {
    ...((flags.dump?.length ?? 0) > 0 ? { dump: (flags.dump ?? []).map(parseDump).map((d) => ({ address: d.address, length: d.length, bytes: bytes(d.address, d.length) })) } : {}),
    ...(flags.dumpPages ? { pages: mem.pages.map((p) => ({ address: p.address, length: p.length, access: p.access, bytes: bytes(p.address, p.length) })) } : {}),
  };
}

/** Prints the --dump ranges and, with --dump-pages, every accessible page (runs of zero lines folded as `*`). */
export function printDumps(flags: Pick<MachineIoFlags, 'dump' | 'dumpPages'>, mem: MemoryView, io: Io): void {
  for (const d of (flags.dump ?? []).map(parseDump)) {
    io.out(`memory 0x${d.address.toString(16)}..0x${(d.address + d.length).toString(16)}:`);
    for (const l of hexDumpLines(mem, d.address, d.length)) io.out(l);
  }
  if (!flags.dumpPages) return;
  if (mem.pages.length === 0) io.out('no accessible pages');
  for (const p of mem.pages) {
    io.out(`page 0x${p.address.toString(16)} (${p.length / PAGE_SIZE} pages, ${p.access === 'W' ? 'RW' : 'RO'}):`);
    let folded = false;
    for (const l of hexDumpLines(mem, p.address, p.length)) {
      const zero = /^[0-9a-f]{8} {2}(00 ){7}00 {2}(00 ){7}00 {2}/.test(l);
      if (zero) {
        if (!folded) io.out('*');
        folded = true;
      } else {
        io.out(l);
        folded = false;
      }
    }
  }
}

/** A gp machine state from a file: a w3f vector, an isa or gp program vector, or the bare input of one. */
export function machineInputOf(path: string): CoreRunInput {
  const text = Buffer.from(readBlobFile(path)).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: --input: expected a JSON machine state (a w3f vector, an isa or gp program vector, or its input)`);
  }
  if (typeof raw !== 'object' || raw === null) throw new UsageError(`${path}: --input: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  if ('initial-regs' in o) {
    const w = parseW3f(text, path);
    const image = parseCode('gp', w.program);
    if (!image.ok) throw new UsageError(`${path}: program: expected a valid gp blob (${image.error.message})`);
    return { profile: 'gp', image: image.value, pc: w.initialPc, gas: w.initialGas, regs: w.initialRegs, pages: w.initialPages, memory: w.initialMemory };
  }
  let input: Record<string, unknown> = o;
  let profile: 'gp' | 'jar1' = 'gp';
  if ('runner' in o) {
    const v = parseVector(text, path);
    if (!(v.runner === 'isa' || (v.runner === 'program' && v.profile === 'gp'))) throw new UsageError(`${path}: runner: expected isa or a gp program vector (a machine state), got ${v.profile} ${v.runner}`);
    input = v.input as unknown as Record<string, unknown>;
    profile = v.profile;
  }
  const bad = (field: string, form: string): never => { throw new UsageError(`${path}: ${field}: expected ${form}`); };
  const regs = Array.isArray(input.regs) && input.regs.length === NUM_REGS && input.regs.every((r) => typeof r === 'string' && /^0x[0-9a-f]+$/i.test(r)) ? regsFrom(input.regs as string[]) : bad('regs', '13 "0x..." strings');
  const gas = typeof input.gas === 'string' && /^0x[0-9a-f]+$/i.test(input.gas) ? fromU64(input.gas) : bad('gas', 'a "0x..." string');
  const pc = Number.isInteger(input.pc) ? (input.pc as number) : bad('pc', 'an integer');
  const pages = Array.isArray(input.pages) ? (input.pages as IsaInput['pages']) : bad('pages', 'a list of {address, length, access}');
  const memory = Array.isArray(input.memory) ? memoryFrom(input.memory as IsaInput['memory']) : bad('memory', 'a list of {address, bytes}');
  if (typeof input.blob === 'string') {
    const image = parseCode('gp', fromHex((input as unknown as GpProgramInput).blob));
    if (!image.ok) throw new UsageError(`${path}: blob: expected a valid gp blob (${image.error.message})`);
    return { profile: 'gp', image: image.value, pc, gas, regs, pages, memory };
  }
  if (typeof input.code !== 'object' || input.code === null) bad('code', 'a code image {code, bitmask, jumpTable} (or blob: a gp deblob)');
  const memoryPages = typeof input.memoryPages === 'number' ? input.memoryPages : 0;
  return { profile, image: codeFrom(input.code as IsaInput['code']), pc, gas, regs, pages, memory, memoryPages };
}

/** `javm run --input <file>`: the state runs on the core to its first exit; prints it, then the dumps. */
export function runMachineInput(flags: MachineIoFlags, io: Io): number {
  const path = flags.input ?? '';
  const input = machineInputOf(path);
  const engine = engineByName(flags.engine).core;
  const maxSteps = flags.maxSteps === undefined ? undefined : Number(parseU64(flags.maxSteps, '--max-steps'));
  let result;
  try {
    result = engine.runCore(input, maxSteps === undefined ? {} : { maxSteps });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`${path}: memory: expected chunks on the given pages (${e.message})`);
    throw e;
  }
  const s = result.state;
  const mem = coreMemory(s);
  if (flags.json) {
    io.out(JSON.stringify({
      profile: input.profile, engine: engine.name, exit: exitJson(result.exit), pc: s.pc, gas: hex64(s.gas), gasUsed: hex64(input.gas - s.gas),
      instructions: result.steps, regs: s.regs.map(hex64), ...dumpJson(flags, mem),
    }));
    return 0;
  }
  io.out(`exit: ${describeExit(result.exit)}`);
  io.out(`pc: ${s.pc}`);
  io.out(`gas used: ${input.gas - s.gas}, left ${s.gas}`);
  io.out(`regs: ${s.regs.map(hex64).join(' ')}`);
  io.out(`instructions: ${result.steps}`);
  printDumps(flags, mem, io);
  return 0;
}

/** The jar1 active VM's memory at the exit, from a kernel snapshot. */
export const activeMemory = (snap: KernelSnapshot): MemoryView => vmMemory(snap, snap.active);
