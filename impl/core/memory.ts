/**
 * One VM address space: 2^20 pages of 4096 bytes, each a view into a backing store owned by the
 * caller (so MAP/UNMAP/MOVE never copy), found in O(1) through a two-level table (1024 × 1024).
 * Reads need R or W, writes need W, every byte is checked before any moves; addresses wrap mod 2^32
 * and a failure reports the lowest inaccessible byte address. Spec: pvm-core.md 1.2, spec-notes/0007-0009.
 */
import { PAGE_SIZE, type PageAccess, type PageRange, type MemoryChunk } from '../../vectors/lib/types.js';
import type { AddressSpace } from './api.js';

interface Leaf {
  readonly bytes: (Uint8Array | undefined)[];
  /** 1 = W (read-write), 0 = R (read-only); meaningful where bytes is set. */
  readonly writable: Uint8Array;
}

/** A VM's address space (api.ts AddressSpace) with the checked reads and writes the core uses. */
export class ImplAddressSpace implements AddressSpace {
  /** 1024 leaves of 1024 pages; allocated on the first mapPage (a space is cheap to create). */
  private dir: (Leaf | undefined)[] | null = null;
  /** Mapped page numbers, for snapshots (not used on the hot path). */
  private readonly mapped = new Set<number>();
  /** A read's value (lo, hi halves) after a successful read(). */
  rl = 0;
  rh = 0;
  /** The lowest inaccessible address (u32) after a failed read() or write(). */
  faultAddress = 0;

  mapPage(page: number, bytes: Uint8Array, access: PageAccess): void {
    if (!Number.isInteger(page) || page < 0 || page >= 1 << 20) throw new RangeError(`mapPage: page ${page} outside 0..2^20-1`);
    if (bytes.length !== PAGE_SIZE) throw new RangeError(`mapPage: page ${page} view has ${bytes.length} bytes, expected ${PAGE_SIZE}`);
    if (this.dir === null) this.dir = new Array(1024);
    let leaf = this.dir[page >>> 10];
    if (leaf === undefined) {
      leaf = { bytes: new Array(1024), writable: new Uint8Array(1024) };
      this.dir[page >>> 10] = leaf;
    }
    leaf.bytes[page & 1023] = bytes;
    leaf.writable[page & 1023] = access === 'W' ? 1 : 0;
    this.mapped.add(page);
  }

  unmapPage(page: number): void {
    const leaf = this.dir?.[page >>> 10];
    if (leaf !== undefined) leaf.bytes[page & 1023] = undefined;
    this.mapped.delete(page);
  }

  /** The page's bytes if readable (mapped), else undefined. */
  page(p: number): Uint8Array | undefined {
    if (this.dir === null) return undefined;
    const leaf = this.dir[p >>> 10];
    return leaf === undefined ? undefined : leaf.bytes[p & 1023];
  }

  /** The page's bytes if writable, else undefined. */
  writablePage(p: number): Uint8Array | undefined {
    if (this.dir === null) return undefined;
    const leaf = this.dir[p >>> 10];
    if (leaf === undefined || leaf.writable[p & 1023] === 0) return undefined;
    return leaf.bytes[p & 1023];
  }

  /** Reads n ∈ {1,2,4,8} bytes at u32 address a into rl/rh (zero-extended); false and faultAddress on failure. */
  read(a: number, n: number): boolean {
    const off = a & 4095;
    if (off + n <= PAGE_SIZE) {
      const b = this.page(a >>> 12);
      if (b === undefined) {
        this.faultAddress = a >>> 0;
        return false;
      }
      if (n === 1) { this.rl = b[off]!; this.rh = 0; }
      else if (n === 2) { this.rl = b[off]! | (b[off + 1]! << 8); this.rh = 0; }
      else if (n === 4) { this.rl = b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24); this.rh = 0; }
      else {
        this.rl = b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24);
        this.rh = b[off + 4]! | (b[off + 5]! << 8) | (b[off + 6]! << 16) | (b[off + 7]! << 24);
      }
      return true;
    }
    return this.readStraddle(a, n);
  }

  /** Writes the low n bytes of (lo, hi) at u32 address a; false and faultAddress on failure (nothing written). */
  write(a: number, n: number, lo: number, hi: number): boolean {
    const off = a & 4095;
    if (off + n <= PAGE_SIZE) {
      const b = this.writablePage(a >>> 12);
      if (b === undefined) {
        this.faultAddress = a >>> 0;
        return false;
      }
      b[off] = lo;
      if (n >= 2) b[off + 1] = lo >>> 8;
      if (n >= 4) { b[off + 2] = lo >>> 16; b[off + 3] = lo >>> 24; }
      if (n === 8) { b[off + 4] = hi; b[off + 5] = hi >>> 8; b[off + 6] = hi >>> 16; b[off + 7] = hi >>> 24; }
      return true;
    }
    return this.writeStraddle(a, n, lo, hi);
  }

  /** The lowest address among the n bytes at a (mod 2^32) whose page fails the check, or -1. */
  private lowestDenied(a: number, n: number, write: boolean): number {
    let lowest = -1;
    for (let i = 0; i < n; i++) {
      const x = (a + i) >>> 0;
      const ok = write ? this.writablePage(x >>> 12) !== undefined : this.page(x >>> 12) !== undefined;
      if (!ok && (lowest < 0 || x < lowest)) lowest = x;
    }
    return lowest;
  }

  private readStraddle(a: number, n: number): boolean {
    const denied = this.lowestDenied(a, n, false);
    if (denied >= 0) {
      this.faultAddress = denied;
      return false;
    }
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const x = (a + i) >>> 0;
      const v = this.page(x >>> 12)![x & 4095]!;
      if (i < 4) lo |= v << (8 * i);
      else hi |= v << (8 * (i - 4));
    }
    this.rl = lo;
    this.rh = hi;
    return true;
  }

  private writeStraddle(a: number, n: number, lo: number, hi: number): boolean {
    const denied = this.lowestDenied(a, n, true);
    if (denied >= 0) {
      this.faultAddress = denied;
      return false;
    }
    for (let i = 0; i < n; i++) {
      const x = (a + i) >>> 0;
      this.writablePage(x >>> 12)![x & 4095] = i < 4 ? lo >>> (8 * i) : hi >>> (8 * (i - 4));
    }
    return true;
  }

  /** Accessible pages as maximal ranges of one access, ascending (for snapshots). */
  ranges(): PageRange[] {
    if (this.mapped.size === 0) return [];
    const out: { address: number; length: number; access: PageAccess }[] = [];
    for (const p of [...this.mapped].sort((x, y) => x - y)) {
      const access: PageAccess = this.writablePage(p) !== undefined ? 'W' : 'R';
      const last = out[out.length - 1];
      if (last !== undefined && last.address + last.length === p * PAGE_SIZE && last.access === access) last.length += PAGE_SIZE;
      else out.push({ address: p * PAGE_SIZE, length: PAGE_SIZE, access });
    }
    return out;
  }

  /** Runs of non-zero bytes over the mapped pages, ascending (for snapshots). */
  nonZero(): MemoryChunk[] {
    if (this.mapped.size === 0) return [];
    const out: MemoryChunk[] = [];
    let start = -1;
    let end = -1;
    const flush = (): void => {
      if (start < 0) return;
      const bytes = new Uint8Array(end - start);
      for (let x = start; x < end; x++) bytes[x - start] = this.page(x >>> 12)![x & 4095]!;
      out.push({ address: start, bytes });
      start = -1;
    };
    for (const p of [...this.mapped].sort((x, y) => x - y)) {
      const b = this.page(p)!;
      for (let i = 0; i < PAGE_SIZE; i++) {
        if (b[i] === 0) continue;
        const x = p * PAGE_SIZE + i;
        if (start >= 0 && end === x) end = x + 1;
        else {
          flush();
          start = x;
          end = x + 1;
        }
      }
    }
    flush();
    return out;
  }
}
