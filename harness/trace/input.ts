/**
 * What `javm trace` runs, from a file: a program blob (jar1 or gp, with the --gas/--reg7/--args flags
 * `javm run` takes), or a vector file whose runner's input is runnable (isa, program), which includes
 * the findings `javm fuzz --target` writes (they are vectors).
 */
import { parseCode, parseJarBlob } from '../../model/index.js';
import {
  codeFrom, fromHex, fromU64, hostAnswerFrom, memoryFrom, regsFrom, toHex,
  type GpProgramInput, type IsaInput, type Jar1ProgramInput,
} from '../../vectors/lib/format.js';
import { u64 } from '../../vectors/lib/hex.js';
import { parseVector } from '../../vectors/lib/schema.js';
import { NUM_REGS, type Profile } from '../../vectors/lib/types.js';
import { UsageError } from '../engines.js';
import { parseHex, parseU64 } from '../cli/format.js';
import { maxBlobSizeOf, profileOf, readBlobFile } from '../cli/io.js';
import type { TraceCase } from './case.js';

/** The flags a blob is run with (as `javm run`). */
export interface BlobFlags {
  readonly profile?: string;
  readonly gas?: string;
  readonly reg7?: string;
  readonly args?: string;
  /** The largest input file read (bytes; default io.ts DEFAULT_MAX_BLOB_SIZE). */
  readonly maxBlobSize?: string;
}

/** Whether the bytes look like a JSON object (a vector file) rather than a blob. */
function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7b; // '{'
  }
  return false;
}

/** The case of a vector file (isa or program runner). */
function vectorCase(path: string, text: string): TraceCase {
  const v = parseVector(text, path);
  if (v.runner === 'isa') {
    const i = v.input as IsaInput;
    return {
      kind: 'core', profile: v.profile, host: [], target: { kind: 'isa', profile: v.profile, input: i },
      input: { profile: v.profile, image: codeFrom(i.code), pc: i.pc, gas: fromU64(i.gas), regs: regsFrom(i.regs), pages: i.pages, memory: memoryFrom(i.memory), memoryPages: i.memoryPages },
    };
  }
  if (v.runner !== 'program') throw new UsageError(`${path}: runner: expected isa or program (a ${v.runner} vector has no run to trace)`);
  if (v.profile === 'gp') {
    const i = v.input as GpProgramInput;
    const image = parseCode('gp', fromHex(i.blob));
    if (!image.ok) throw new UsageError(`${path}: input.blob: expected a valid gp blob (${image.error.message})`);
    return {
      kind: 'core', profile: 'gp', host: i.host.map(hostAnswerFrom), target: { kind: 'program', profile: 'gp', input: i },
      input: { profile: 'gp', image: image.value, pc: i.pc, gas: fromU64(i.gas), regs: regsFrom(i.regs), pages: i.pages, memory: memoryFrom(i.memory) },
    };
  }
  const i = v.input as Jar1ProgramInput;
  const blob = fromHex(i.blob);
  const p = parseJarBlob(blob);
  if (!p.ok) throw new UsageError(`${path}: input.blob: expected a valid jar1 blob (${p.error.message}); a rejected blob has no run to trace`);
  return { kind: 'kernel', profile: 'jar1', blob, gas: fromU64(i.gas), reg7: fromU64(i.reg7), args: fromHex(i.args), host: i.host.map(hostAnswerFrom), target: { kind: 'program', profile: 'jar1', input: i } };
}

/** The case of a blob file run as `javm run` would. */
function blobCase(path: string, blob: Uint8Array, flags: BlobFlags): TraceCase {
  const profile: Profile = profileOf(flags.profile, blob);
  const gas = parseU64(flags.gas ?? '1000000000', '--gas');
  const reg7 = flags.reg7 === undefined ? 0n : parseU64(flags.reg7, '--reg7');
  const args = flags.args === undefined ? new Uint8Array() : parseHex(flags.args, '--args');
  if (profile === 'gp') {
    const image = parseCode('gp', blob);
    if (!image.ok) throw new UsageError(`${path}: not a valid gp blob: ${image.error.message} [${image.error.class}]`);
    const regs = new Array<bigint>(NUM_REGS).fill(0n);
    regs[7] = reg7;
    const input: GpProgramInput = { blob: toHex(blob), pc: 0, gas: u64(gas), regs: regs.map(u64), pages: [], memory: [], host: [] };
    return { kind: 'core', profile: 'gp', host: [], target: { kind: 'program', profile: 'gp', input }, input: { profile: 'gp', image: image.value, pc: 0, gas, regs, pages: [], memory: [] } };
  }
  const p = parseJarBlob(blob);
  if (!p.ok) throw new UsageError(`${path}: not a valid jar1 blob: ${p.error.message} [${p.error.class}]`);
  const input: Jar1ProgramInput = { blob: toHex(blob), gas: u64(gas), reg7: u64(reg7), args: toHex(args), host: [] };
  return { kind: 'kernel', profile: 'jar1', blob, gas, reg7, args, host: [], target: { kind: 'program', profile: 'jar1', input } };
}

/** The case a file names: a vector (or finding) if it is a JSON object, else a blob run with the flags. */
export function traceCaseOf(path: string, flags: BlobFlags): TraceCase {
  const bytes = readBlobFile(path, maxBlobSizeOf(flags.maxBlobSize));
  if (looksLikeJson(bytes)) return vectorCase(path, Buffer.from(bytes).toString('utf8'));
  return blobCase(path, bytes, flags);
}
