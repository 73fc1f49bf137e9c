/**
 * The boundary inside impl/ between the core interpreter (impl/core) and the capability kernel
 * (impl/kernel). Both sides are written to this file; change it only together.
 * Nothing here imports model/ (../../shared/STYLE.md).
 */
import type { CodeImage, LoadError, PageAccess, Profile, Result } from '../../vectors/lib/types.js';

/** How CoreMachine.run stopped (numbers, so the hot loop allocates nothing). */
export const EXIT_HALT = 0;
export const EXIT_TRAP = 1;
export const EXIT_PANIC = 2;
export const EXIT_OOG = 3;
/** Page fault: exitArg = the fault address (u32). */
export const EXIT_FAULT = 4;
/** ecalli: exitArg = the immediate's low 32 bits (u32); pc = the next instruction. */
export const EXIT_ECALLI = 5;
/** ecall: pc = the next instruction. */
export const EXIT_ECALL = 6;
/** The maxSteps budget of run() ran out (not a VM outcome). */
export const EXIT_BUDGET = 7;
export type ExitCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A CODE cap decoded once: opaque to the kernel. */
export interface CompiledCode {
  readonly image: CodeImage;
}

/**
 * One address space: 4096-byte pages, each a view into a backing store the kernel owns, so that
 * MAP/UNMAP/MOVE never copy bytes. O(1) lookup. Unmapped pages fault.
 */
export interface AddressSpace {
  mapPage(page: number, bytes: Uint8Array, access: PageAccess): void;
  unmapPage(page: number): void;
}

/** A register machine the kernel drives: load a VM's context, run, read it back. */
export interface CoreMachine {
  pc: number;
  /** Read/written at the boundary only (bigint there, whatever the hot loop uses). */
  gas: bigint;
  /**
   * Optional number view of `gas` for a kernel that keeps gas in numbers (it falls back to `gas`
   * without it), so that switching VMs allocates no bigint: reads give the gas if it is at most
   * 2^53 - 1, else -1; writes take an integer 0..2^53-1.
   */
  gasNumber?: number;
  /** The block at pc is already paid (a run stopped by the step budget mid-block). */
  blockPaid: boolean;
  getReg(i: number): bigint;
  setReg(i: number, v: bigint): void;
  /** The address space instructions see; the kernel swaps it when it switches VMs. */
  memory: AddressSpace;
  /** Runs from pc until an exit or maxSteps instructions. */
  run(code: CompiledCode, maxSteps: number): ExitCode;
  /** EXIT_FAULT: the address; EXIT_ECALLI: the id; else 0. */
  readonly exitArg: number;
  /** pc of the last instruction started (the ecalli/ecall for those exits). */
  readonly lastPc: number;
  /** Instructions started by the last run(). */
  readonly steps: number;
  /**
   * Optional fast context switch for the kernel (which falls back to getReg/setReg without it):
   * copy φ0..φ12 out to / in from 26 int32 words at `offset`, word 2i = the low 32 bits of φi and
   * word 2i+1 = its high 32 bits. Lets one machine run many VMs with no bigint per register.
   */
  saveRegs?(words: Int32Array, offset: number): void;
  loadRegs?(words: Int32Array, offset: number): void;
}

/** What impl/core offers the kernel (and its own CoreEngine). */
export interface CoreFactory {
  compile(profile: Profile, image: CodeImage, memCycles: number): CompiledCode;
  createMachine(profile: Profile): CoreMachine;
  createAddressSpace(): AddressSpace;
  /** The CODE sub-blob of a jar1 CODE cap (u32 LE header), validated (spec-notes/0019). */
  parseCodeBlob(blob: Uint8Array): Result<CodeImage, LoadError>;
}

/** The jar1 memCycles tier of a manifest's memory_pages (spec-notes/0012). */
export function memCyclesFor(memoryPages: number): number {
  if (memoryPages <= 2048) return 25;
  if (memoryPages <= 8192) return 50;
  if (memoryPages <= 65536) return 75;
  return 100;
}
