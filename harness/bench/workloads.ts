/**
 * Benchmark workloads, written with the kit's assembler (harness/asm). Each takes a size and gives a
 * jar1 program (JAR v2 blob, ends by REPLY = `ecalli 0`) and, where it needs no kernel, a gp program
 * (GP deblob plus the pages and registers a host sets up; ends by the GP halt: a dynamic jump to
 * 0xFFFF0000), with the result a correct machine must end with, computed here in plain JS.
 *
 * Memory lives at 0x20000 (page 32): a RW DATA cap in jar1, a RW page range in gp (above gp's guard zone).
 */
import { createHash } from 'node:crypto';
import { asm, asmWith, gpBlob, jarBlob, type Assembled } from '../asm/index.js';
import { PAGE_SIZE, type PageRange } from '../../vectors/lib/types.js';

/** A program for the gp profile: a deblob run from pc 0 with these registers and zeroed RW pages. */
export interface GpProgram {
  readonly image: Assembled;
  readonly blob: Uint8Array;
  readonly regs: readonly bigint[];
  readonly pages: readonly PageRange[];
  readonly gas: bigint;
}

export interface Jar1Program {
  readonly blob: Uint8Array;
  readonly gas: bigint;
  readonly reg7: bigint;
}

/** One sized instance of a workload. */
export interface WorkloadCase {
  readonly jar1: Jar1Program;
  readonly gp: GpProgram | null;
  /** Registers a correct run ends with (index -> value), and the jar1 halt value φ7. */
  readonly expect: Readonly<Record<number, bigint>>;
  /** The host's answer (φ7, φ8) to the k-th protocol call / ecalli (k from 1), for workloads that make them. */
  readonly host: ((id: number, k: number) => readonly [bigint, bigint]) | null;
}

export interface Workload {
  readonly name: string;
  readonly summary: string;
  /** The size the benchmark uses for fast engines, and what "size" means. */
  readonly size: number;
  readonly unit: string;
  build(size: number): WorkloadCase;
}

export const DATA_BASE = 0x20000;
const GAS = 10n ** 12n;
const ZERO_REGS: readonly bigint[] = Array.from({ length: 13 }, () => 0n);

/** The GP halt: a dynamic jump to 0xFFFF0000 (load_imm sign-extends -65536 to ...FFFF0000; djump reads it mod 2^32). */
const GP_EXIT = 'load_imm r0, -65536\n jump_ind r0, 0';
/** jar1: REPLY from the root VM halts with φ7. */
const JAR1_EXIT = 'ecalli 0';

/** Both profiles of one program whose source ends with `${exit}`; `pages` RW pages at DATA_BASE. */
function bothProfiles(source: (exit: string) => string, pages: number): { jar1: Jar1Program; gp: GpProgram } {
  const j = asm`${source(JAR1_EXIT)}`;
  const g = asm`${source(GP_EXIT)}`;
  const caps = pages > 0
    ? [{ slot: 64, type: 'code' as const, image: j }, { slot: 65, type: 'data' as const, basePage: DATA_BASE / PAGE_SIZE, pageCount: pages, access: 'W' as const }]
    : [{ slot: 64, type: 'code' as const, image: j }];
  return {
    jar1: { blob: jarBlob({ invokeCap: 64, caps }), gas: GAS, reg7: 0n },
    gp: { image: g, blob: gpBlob(g), regs: ZERO_REGS, pages: pages > 0 ? [{ address: DATA_BASE, length: pages * PAGE_SIZE, access: 'W' }] : [], gas: GAS },
  };
}

// ---------------------------------------------------------------------------------------------------
// fib loop: F(n) mod 2^64 by iteration, as the fixture model/test/fixtures/fib-loop.ts (5 instructions a step)

function fibMod64(n: number): bigint {
  let a = 0n;
  let b = 1n;
  for (let k = 0; k < n; k++) [a, b] = [b, BigInt.asUintN(64, a + b)];
  return a;
}

const fibLoop: Workload = {
  name: 'fib-loop', summary: 'iterative Fibonacci, F(n) mod 2^64', size: 1_000_000, unit: 'n',
  build(n) {
    const p = bothProfiles((exit) => `
        load_imm r7, 0
        load_imm r9, 1
        load_imm r8, ${n}
        fallthrough
      loop:
        add_64 r10, r7, r9
        move_reg r7, r9
        move_reg r9, r10
        add_imm_64 r8, r8, -1
        branch_ne_imm r8, 0, @loop
        ${exit}`, 0);
    return { ...p, expect: { 7: fibMod64(n) }, host: null };
  },
};

// ---------------------------------------------------------------------------------------------------
// insertion sort of n u32 from an LCG (x' = 1103515245·x + 12345 mod 2^32, x0 = 1), then the checksum
// Σ a[i]·(i+1) mod 2^64 of the sorted array

const LCG_A = 1103515245;
const LCG_C = 12345;

function sortChecksum(n: number): bigint {
  const a: number[] = [];
  for (let k = 0, x = 1; k < n; k++) {
    x = Number((BigInt(LCG_A) * BigInt(x) + BigInt(LCG_C)) % 2n ** 32n);
    a.push(x);
  }
  a.sort((p, q) => p - q);
  return a.reduce((s, v, i) => BigInt.asUintN(64, s + BigInt(v) * BigInt(i + 1)), 0n);
}

const insertionSort: Workload = {
  name: 'sort', summary: 'insertion sort of n pseudo-random u32, then a checksum', size: 1024, unit: 'n',
  build(n) {
    const pages = Math.max(1, Math.ceil((4 * n) / PAGE_SIZE));
    const p = bothProfiles((exit) => `
        load_imm r1, ${DATA_BASE}        ; r1 = a
        load_imm r2, ${n}                ; r2 = n
        load_imm r3, 1                   ; r3 = x (LCG state, low 32 bits matter)
        load_imm r4, 0                   ; r4 = i
        fallthrough
      gen:
        mul_imm_32 r3, r3, ${LCG_A}
        add_imm_32 r3, r3, ${LCG_C}
        shlo_l_imm_64 r5, r4, 2
        add_64 r5, r5, r1
        store_ind_u32 r3, r5, 0          ; a[i] = x
        add_imm_64 r4, r4, 1
        branch_lt_u r4, r2, @gen
        load_imm r4, 1                   ; i = 1
        fallthrough
      outer:
        branch_ge_u r4, r2, @sorted
        shlo_l_imm_64 r5, r4, 2
        add_64 r5, r5, r1                ; r5 = &a[j], j = i
        load_ind_u32 r6, r5, 0           ; r6 = key
        fallthrough
      inner:
        branch_eq r5, r1, @place         ; j = 0
        load_ind_u32 r8, r5, -4          ; r8 = a[j-1]
        branch_ge_u r6, r8, @place       ; key >= a[j-1]
        store_ind_u32 r8, r5, 0          ; a[j] = a[j-1]
        add_imm_64 r5, r5, -4
        jump @inner
      place:
        store_ind_u32 r6, r5, 0
        add_imm_64 r4, r4, 1
        jump @outer
      sorted:
        load_imm r4, 0
        load_imm r7, 0
        fallthrough
      sum:
        shlo_l_imm_64 r5, r4, 2
        add_64 r5, r5, r1
        load_ind_u32 r6, r5, 0
        add_imm_64 r4, r4, 1
        mul_64 r6, r6, r4
        add_64 r7, r7, r6                ; r7 += a[i]·(i+1)
        branch_lt_u r4, r2, @sum
        ${exit}`, pages);
    return { ...p, expect: { 7: sortChecksum(n) }, host: null };
  },
};

// ---------------------------------------------------------------------------------------------------
// sieve of Eratosthenes: the number of primes <= n, one byte per number

function primeCount(n: number): bigint {
  const composite = new Uint8Array(n + 1);
  let count = 0n;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= n; j += i) composite[j] = 1;
  }
  return count;
}

const sieve: Workload = {
  name: 'sieve', summary: 'sieve of Eratosthenes, primes <= n', size: 100_000, unit: 'n',
  build(n) {
    const p = bothProfiles((exit) => `
        load_imm r1, ${DATA_BASE}        ; r1 = flags (1 = composite)
        load_imm r2, ${n}
        load_imm r3, 2                   ; r3 = i
        load_imm r7, 0                   ; r7 = count
        fallthrough
      outer:
        branch_lt_u r2, r3, @done        ; i > n
        add_64 r4, r1, r3
        load_ind_u8 r5, r4, 0
        branch_ne_imm r5, 0, @next
        add_imm_64 r7, r7, 1
        mul_64 r6, r3, r3                ; j = i·i
        fallthrough
      inner:
        branch_lt_u r2, r6, @next        ; j > n
        add_64 r4, r1, r6
        store_imm_ind_u8 r4, 0, 1
        add_64 r6, r6, r3
        jump @inner
      next:
        add_imm_64 r3, r3, 1
        jump @outer
      done:
        ${exit}`, Math.ceil((n + 1) / PAGE_SIZE));
    return { ...p, expect: { 7: primeCount(n) }, host: null };
  },
};

// ---------------------------------------------------------------------------------------------------
// SHA3-256 (Keccak-f[1600], rate 136) of a 1 KB message with bytes (7k + 3) mod 256, `size` times in a
// chain: after each hash the 32-byte digest replaces the message's first 32 bytes. The digest ends in
// r7..r10 as four little-endian u64 lanes. Memory at DATA_BASE: A (state, 200 bytes) at +0, B at +256,
// round constants at +768, the padded message at +1024.

export const HASH_MESSAGE_BYTES = 1024;
const RATE = 136;
const A_OFF = 0;
const B_OFF = 256;
const RC_OFF = 768;
const MSG_OFF = 1024;

/** Rotation offsets r[x + 5y] of rho (FIPS 202, table 2). */
const RHO = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];

/** The 24 round constants from the rc LFSR of FIPS 202 (algorithm 5): bit 2^j - 1 of RC[i] = rc(j + 7i). */
export function keccakRoundConstants(): bigint[] {
  const rc = (t: number): number => {
    if (t % 255 === 0) return 1;
    let r = 0x01;
    for (let i = 1; i <= t % 255; i++) {
      r <<= 1;
      if (r & 0x100) r ^= 0x171; // x^8 + x^6 + x^5 + x^4 + 1
    }
    return r & 1;
  };
  return Array.from({ length: 24 }, (_, i) => {
    let v = 0n;
    for (let j = 0; j <= 6; j++) if (rc(j + 7 * i)) v |= 1n << BigInt(2 ** j - 1);
    return v;
  });
}

/** The message: byte k = (7k + 3) mod 256. */
export function hashMessage(): Uint8Array {
  return Uint8Array.from({ length: HASH_MESSAGE_BYTES }, (_, k) => (7 * k + 3) & 0xff);
}

/** One Keccak-f[1600] permutation, unrolled except for the round loop (r2 walks the round constants). */
function keccakRounds(): string {
  const lane = (x: number, y: number): number => ((x % 5) + 5 * (y % 5)) * 8;
  const C = (x: number): string => `r${3 + (x % 5)}`;
  const out: string[] = [`load_imm r2, ${DATA_BASE + RC_OFF}`, `load_imm r12, ${DATA_BASE + RC_OFF + 24 * 8}`, 'fallthrough', 'round:'];
  // theta: C[x] = xor of column x (kept in r3..r7)
  for (let x = 0; x < 5; x++) {
    out.push(`load_ind_u64 ${C(x)}, r1, ${A_OFF + lane(x, 0)}`);
    for (let y = 1; y < 5; y++) out.push(`load_ind_u64 r8, r1, ${A_OFF + lane(x, y)}`, `xor ${C(x)}, ${C(x)}, r8`);
  }
  // D[x] = C[x-1] ^ rotl(C[x+1], 1); then rho and pi: B[y, 2x+3y] = rotl(A[x,y] ^ D[x], r[x,y])
  for (let x = 0; x < 5; x++) {
    out.push(`rot_r_64_imm r8, ${C(x + 1)}, 63`, `xor r8, r8, ${C(x + 4)}`);
    for (let y = 0; y < 5; y++) {
      out.push(`load_ind_u64 r9, r1, ${A_OFF + lane(x, y)}`, 'xor r9, r9, r8');
      const r = RHO[x + 5 * y] ?? 0;
      if (r !== 0) out.push(`rot_r_64_imm r9, r9, ${64 - r}`);
      out.push(`store_ind_u64 r9, r1, ${B_OFF + lane(y, 2 * x + 3 * y)}`);
    }
  }
  // chi: A[x,y] = B[x,y] ^ (~B[x+1,y] & B[x+2,y])
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) out.push(`load_ind_u64 ${C(x)}, r1, ${B_OFF + lane(x, y)}`);
    for (let x = 0; x < 5; x++) out.push(`and_inv r8, ${C(x + 2)}, ${C(x + 1)}`, `xor r8, r8, ${C(x)}`, `store_ind_u64 r8, r1, ${A_OFF + lane(x, y)}`);
  }
  // iota
  out.push('load_ind_u64 r8, r2, 0', `load_ind_u64 r9, r1, ${A_OFF}`, 'xor r9, r9, r8', `store_ind_u64 r9, r1, ${A_OFF}`);
  out.push('add_imm_64 r2, r2, 8', 'branch_ne r2, r12, @round');
  return out.join('\n');
}

/** The program: SHA3-256 of the message `times` times in a chain, digest in r7..r10. */
function sha3Source(times: number, exit: string): string {
  const padded = (Math.floor(HASH_MESSAGE_BYTES / RATE) + 1) * RATE;
  const rc = keccakRoundConstants();
  const lines: string[] = [`load_imm r1, ${DATA_BASE}`];
  rc.forEach((v, i) => lines.push(`load_imm_64 r8, 0x${v.toString(16)}`, `store_ind_u64 r8, r1, ${RC_OFF + 8 * i}`));
  // message bytes (7k + 3) mod 256, then the SHA3 padding 0x06 ... 0x80
  lines.push(`load_imm r10, ${DATA_BASE + MSG_OFF}`, `load_imm r11, ${DATA_BASE + MSG_OFF + HASH_MESSAGE_BYTES}`, 'load_imm r9, 3', 'fallthrough',
    'fill:', 'store_ind_u8 r9, r10, 0', 'add_imm_64 r9, r9, 7', 'add_imm_64 r10, r10, 1', 'branch_ne r10, r11, @fill');
  lines.push(`load_imm r10, ${DATA_BASE + MSG_OFF}`);
  if (padded - 1 === HASH_MESSAGE_BYTES) lines.push(`store_imm_ind_u8 r10, ${HASH_MESSAGE_BYTES}, 0x86`);
  else lines.push(`store_imm_ind_u8 r10, ${HASH_MESSAGE_BYTES}, 6`, `store_imm_ind_u8 r10, ${padded - 1}, 0x80`);
  lines.push(`load_imm r0, ${times}`, 'fallthrough', 'hash:');
  // zero the state
  for (let k = 0; k < 25; k++) lines.push(`store_imm_ind_u64 r1, ${A_OFF + 8 * k}, 0`);
  lines.push(`load_imm r10, ${DATA_BASE + MSG_OFF}`, `load_imm r11, ${DATA_BASE + MSG_OFF + padded}`, 'fallthrough', 'absorb:');
  for (let k = 0; k < RATE / 8; k++) lines.push(`load_ind_u64 r8, r10, ${8 * k}`, `load_ind_u64 r9, r1, ${A_OFF + 8 * k}`, 'xor r9, r9, r8', `store_ind_u64 r9, r1, ${A_OFF + 8 * k}`);
  lines.push(keccakRounds(), `add_imm_64 r10, r10, ${RATE}`, 'branch_ne r10, r11, @absorb');
  // chain: the digest becomes the message's first 32 bytes
  lines.push(`load_imm r10, ${DATA_BASE + MSG_OFF}`);
  for (let k = 0; k < 4; k++) lines.push(`load_ind_u64 r8, r1, ${A_OFF + 8 * k}`, `store_ind_u64 r8, r10, ${8 * k}`);
  lines.push('add_imm_64 r0, r0, -1', 'branch_ne_imm r0, 0, @hash');
  for (let k = 0; k < 4; k++) lines.push(`load_ind_u64 r${7 + k}, r1, ${A_OFF + 8 * k}`);
  lines.push(exit);
  return lines.join('\n');
}

/** The digest as four little-endian u64 lanes (register values). */
export function digestLanes(digest: Uint8Array): bigint[] {
  return [0, 1, 2, 3].map((k) => {
    let v = 0n;
    for (let b = 7; b >= 0; b--) v = (v << 8n) | BigInt(digest[8 * k + b] ?? 0);
    return v;
  });
}

/** The expected digest of the chain, from node:crypto's sha3-256 (an implementation independent of the program). */
export function sha3Chain(times: number): Uint8Array {
  const msg = hashMessage();
  let digest = new Uint8Array(32);
  for (let t = 0; t < times; t++) {
    digest = Uint8Array.from(createHash('sha3-256').update(msg).digest());
    msg.set(digest, 0);
  }
  return digest;
}

const sha3: Workload = {
  name: 'sha3', summary: 'SHA3-256 of 1 KB, chained n times', size: 40, unit: 'hashes',
  build(times) {
    const pages = Math.ceil((MSG_OFF + HASH_MESSAGE_BYTES + RATE) / PAGE_SIZE);
    const p = bothProfiles((exit) => sha3Source(times, exit), pages);
    const lanes = digestLanes(sha3Chain(times));
    return { ...p, expect: { 7: lanes[0] ?? 0n, 8: lanes[1] ?? 0n, 9: lanes[2] ?? 0n, 10: lanes[3] ?? 0n }, host: null };
  },
};

// ---------------------------------------------------------------------------------------------------
// n protocol calls: `ecalli 1` (jar1: the protocol cap in slot 1; gp: an exit to the host); the host
// answers φ7 = k for the k-th call and the program sums the answers: n(n+1)/2.

const protocolCalls: Workload = {
  name: 'ecalli', summary: 'n host calls (jar1: protocol cap 1), host answers k', size: 100_000, unit: 'calls',
  build(n) {
    const p = bothProfiles((exit) => `
        load_imm r2, ${n}
        load_imm r3, 0
        fallthrough
      loop:
        ecalli 1
        add_64 r3, r3, r7
        add_imm_64 r2, r2, -1
        branch_ne_imm r2, 0, @loop
        move_reg r7, r3
        ${exit}`, 0);
    const N = BigInt(n);
    return { ...p, expect: { 7: (N * (N + 1n)) / 2n }, host: (_id, k) => [BigInt(k), 0n] };
  },
};

// ---------------------------------------------------------------------------------------------------
// recursive Fibonacci through the kernel: every call CREATEs two child VMs from the CODE cap in slot
// 32 and CALLs them with n-1 and n-2 (the program of vectors/gen/fib-recursive.ts). fib(n)
// makes 2·fib(n+1) - 1 VMs in all (n = 20: 21,891). jar1 only.

/** The recursive Fibonacci program (every immediate 4 bytes, as the fixture). */
export const FIB_RECURSIVE: Assembled = asmWith({ wide: true })`
    branch_lt_u_imm a0, 2, @done
    move_reg s0, a0
    load_imm_64 a0, 0x100000000   ; CREATE bitmask: slot 32
    load_imm a5, 64
    ecalli 32                     ; CREATE -> HANDLE in slot 64
    load_imm_64 a0, 0x100000000
    load_imm a5, 65
    ecalli 32                     ; CREATE -> HANDLE in slot 65
    add_imm_64 a0, s0, -1
    load_imm a5, 0
    ecalli 64                     ; CALL child 1 with n - 1
    move_reg s1, a0
    add_imm_64 a0, s0, -2
    load_imm a5, 0
    ecalli 65                     ; CALL child 2 with n - 2
    add_64 a0, s1, a0
    fallthrough
  done:
    ecalli 0                      ; REPLY
    trap`;

/** Number of VMs fib(n) creates, root included: V(0) = V(1) = 1, V(n) = 1 + V(n-1) + V(n-2). */
export function fibVms(n: number): number {
  let a = 1;
  let b = 1;
  for (let k = 2; k <= n; k++) [a, b] = [b, 1 + a + b];
  return n === 0 ? 1 : b;
}

const fibRecursive: Workload = {
  name: 'fib-vms', summary: 'recursive Fibonacci, two CREATEd child VMs per call (jar1 only)', size: 20, unit: 'n',
  build(n) {
    const blob = jarBlob({ memoryPages: 0, invokeCap: 32, caps: [{ slot: 32, type: 'code', image: FIB_RECURSIVE }] });
    return { jar1: { blob, gas: GAS, reg7: BigInt(n) }, gp: null, expect: { 7: fibMod64(n) }, host: null };
  },
};

// ---------------------------------------------------------------------------------------------------
// a CALL chain n deep: each VM CREATEs the next from the CODE cap in slot 30 (copied by CREATE bitmask
// bit 30), CALLs it with φ7 - 1 and REPLYs its answer + 1; the leaf (φ7 = 0) REPLYs 0, so the root
// halts with n. n + 1 VMs, all on the call stack at the deepest point (n = 65,534: the 65,535-VM limit).
// As prog_call_chain_depth_* in vectors/gen/kernel-programs.ts. jar1 only.

/** The CALL chain program. */
export const CALL_CHAIN: Assembled = asm`
    branch_eq_imm r7, 0, @leaf
    add_imm_64 r5, r7, -1
    load_imm r7, 0x40000000       ; CREATE bitmask: slot 30
    load_imm r12, 70
    ecalli 30                     ; CREATE -> HANDLE in slot 70
    move_reg r7, r5
    load_imm r12, 0
    ecalli 70                     ; CALL it with n - 1
    add_imm_64 r7, r7, 1
    ecalli 0                      ; REPLY its answer + 1
  leaf:
    ecalli 0`;

const callChain: Workload = {
  name: 'call-chain', summary: 'a CALL chain n VMs deep, each CREATEs and CALLs the next (jar1 only)', size: 65_534, unit: 'n',
  build(n) {
    const blob = jarBlob({ memoryPages: 0, invokeCap: 30, caps: [{ slot: 30, type: 'code', image: CALL_CHAIN }] });
    return { jar1: { blob, gas: GAS, reg7: BigInt(n) }, gp: null, expect: { 7: BigInt(n) }, host: null };
  },
};

/** Every workload, in the benchmark's order. */
export const WORKLOADS: readonly Workload[] = [fibLoop, insertionSort, sieve, sha3, protocolCalls, fibRecursive, callChain];
