/**
 * Plain types shared by both engines, the harness and the vector files.
 * Nothing here computes anything: model/ and impl/ each implement these contracts on their own.
 */

/** The two profiles of one machine (../../shared/DESIGN.md). */
export type Profile = 'jar1' | 'gp';
export const PROFILES: readonly Profile[] = ['jar1', 'gp'];

/** Access mode of one 4096-byte page. `none` pages are absent from a page map. */
export type PageAccess = 'R' | 'W';

export const PAGE_SIZE = 4096;
export const NUM_REGS = 13;

/**
 * How the execution core stopped. PC semantics per exit are in spec/pvm-core.md section 6:
 * trap/panic/fault keep the pc of the instruction; ecalli/ecall report the next pc; oog the block start.
 */
export type CoreExit =
  | { readonly kind: 'halt' }
  | { readonly kind: 'trap' }
  | { readonly kind: 'panic' }
  | { readonly kind: 'oog' }
  | { readonly kind: 'fault'; readonly address: bigint }
  | { readonly kind: 'ecalli'; readonly id: number }
  | { readonly kind: 'ecall' };

export type CoreExitKind = CoreExit['kind'];

/** A contiguous range of accessible pages: [address, address + length), both page aligned. */
export interface PageRange {
  readonly address: number;
  readonly length: number;
  readonly access: PageAccess;
}

/** Bytes to place in memory before a run. */
export interface MemoryChunk {
  readonly address: number;
  readonly bytes: Uint8Array;
}

/** Code as the core sees it after blob parsing. `bitmask` is unpacked: one 0/1 per code byte. */
export interface CodeImage {
  readonly code: Uint8Array;
  readonly bitmask: Uint8Array;
  readonly jumpTable: readonly number[];
}

/** A core machine state in plain form, as vectors and snapshots carry it. */
export interface CoreSnapshot {
  readonly pc: number;
  readonly gas: bigint;
  readonly regs: readonly bigint[];
  /** Accessible pages in ascending address order. */
  readonly pages: readonly PageRange[];
  /** Non-zero bytes, one chunk per run of non-zero bytes, ascending. */
  readonly memory: readonly MemoryChunk[];
}

/** A core run from a given state: what an isa/program vector and `javm w3f` need. */
export interface CoreRunInput {
  readonly profile: Profile;
  readonly image: CodeImage;
  readonly pc: number;
  readonly gas: bigint;
  readonly regs: readonly bigint[];
  readonly pages: readonly PageRange[];
  readonly memory: readonly MemoryChunk[];
  /** jar1 memCycles tier input (the manifest's memory_pages); absent = 0 pages = tier 25. */
  readonly memoryPages?: number;
}

export interface CoreRunResult {
  /** How the core stopped, or null when the caller's step budget ran out first (not a VM outcome). */
  readonly exit: CoreExit | null;
  readonly state: CoreSnapshot;
  /** Instructions executed (started), for throughput figures; not part of the machine state. */
  readonly steps: number;
}

/** Why a blob was rejected: a class a vector can pin, and a message a person can read. */
export type LoadErrorClass =
  | 'truncated'
  | 'bad_magic'
  | 'bad_cap_type'
  | 'bad_access'
  | 'bad_entry_size'
  | 'out_of_bounds'
  | 'no_invoke_cap'
  | 'duplicate_cap'
  | 'invalid_code'
  | 'too_many_pages'
  | 'overlapping_pages'
  | 'too_many_code_caps'
  | 'trailing_bytes';

export interface LoadError {
  readonly kind: 'load_error';
  readonly class: LoadErrorClass;
  /** Names the field and what was expected, e.g. "cap entry 2 (slot 65): data_len reaches byte 90 of a 82-byte data section". */
  readonly message: string;
}

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** ecalli/ecall results the kernel writes into φ7 (spec/kernel.md). */
export const WHAT = 2n ** 64n - 2n;
export const LOW = 2n ** 64n - 8n;
export const HUH = 2n ** 64n - 9n;

/** How a kernel run stops and hands control to the host (spec/kernel.md; Lean `KernelResult`). */
export type KernelExit =
  | { readonly kind: 'halt'; readonly value: bigint }
  | { readonly kind: 'panic' }
  | { readonly kind: 'oog' }
  | { readonly kind: 'fault'; readonly address: bigint }
  | { readonly kind: 'protocol'; readonly id: number };

/** Status codes a parent sees in φ8 when a child stops other than by REPLY (0 = REPLY). */
export const CHILD_STATUS = { trap: 1n, panic: 2n, oog: 3n, fault: 4n, invalidEcalli: 5n } as const;
