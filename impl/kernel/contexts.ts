/**
 * The context store: the registers and gas of every VM, by context slot, in typed arrays. The model
 * keeps them in each VM (model/kernel/state.ts `Vm.regs`, `Vm.gas`); the impl keeps them here so that
 * one core machine runs every VM: a VM switch loads a context into the machine and saves it back,
 * 26 int32 words of registers and a number of gas, no bigint when the machine offers
 * loadRegs/saveRegs and gasNumber (impl/core/api.ts).
 * Registers: word 2i of a context is the low half of φi, word 2i+1 its high half.
 * Gas: an exact number while it is at most 2^53 - 1; above that a bigint in the VM's `big`.
 */
import { NUM_REGS } from '../../vectors/lib/types.js';
import type { CoreMachine } from '../core/api.js';

/** int32 words per saved register context (13 registers, low and high halves). */
const CTX_WORDS = 26;
const U32 = 0xffffffffn;
/** Gas up to this is held as a number (exact); above it as a bigint (Context.big). */
const MAX_NUMBER_GAS = Number.MAX_SAFE_INTEGER;
const MAX_NUMBER_GAS_N = BigInt(MAX_NUMBER_GAS);

/** What the store needs of a VM: its context slot, and the bigint of gas above MAX_NUMBER_GAS (else null). */
export interface Context {
  readonly ctx: number;
  big: bigint | null;
}

/** Registers and gas of every VM; a slot is allocated with the VM and given back when it is destroyed. */
export class ContextStore {
  private words = new Int32Array(CTX_WORDS * 64);
  private gas = new Float64Array(64);
  private used = 0;
  private readonly free: number[] = [];

  /** A context slot with zero registers and zero gas (a freed one if any). */
  alloc(): number {
    const ctx = this.free.pop();
    if (ctx !== undefined) {
      this.words.fill(0, ctx * CTX_WORDS, (ctx + 1) * CTX_WORDS);
      this.gas[ctx] = 0;
      return ctx;
    }
    if (this.used * CTX_WORDS >= this.words.length) {
      const words = new Int32Array(this.words.length * 2);
      words.set(this.words);
      this.words = words;
      const gas = new Float64Array(this.gas.length * 2);
      gas.set(this.gas);
      this.gas = gas;
    }
    return this.used++;
  }

  /** Gives a slot back (its VM was destroyed). */
  release(ctx: number): void {
    this.free.push(ctx);
  }

  /** φi of a VM as a u64. */
  reg(c: Context, i: number): bigint {
    const o = c.ctx * CTX_WORDS + 2 * i;
    return (BigInt((this.words[o + 1] as number) >>> 0) << 32n) | BigInt((this.words[o] as number) >>> 0);
  }

  /** φi := v (a u64). */
  setReg(c: Context, i: number, v: bigint): void {
    const o = c.ctx * CTX_WORDS + 2 * i;
    if (v >= 0n && v <= U32) { // no bigint arithmetic for a value that fits 32 bits (host answers mostly do)
      this.words[o] = Number(v) | 0;
      this.words[o + 1] = 0;
      return;
    }
    this.words[o] = Number(v & U32) | 0;
    this.words[o + 1] = Number(v >> 32n) | 0;
  }

  /** The low 32 bits of φi (u32), without a bigint. */
  lo(c: Context, i: number): number {
    return (this.words[c.ctx * CTX_WORDS + 2 * i] as number) >>> 0;
  }

  /** The high 32 bits of φi (u32). */
  hi(c: Context, i: number): number {
    return (this.words[c.ctx * CTX_WORDS + 2 * i + 1] as number) >>> 0;
  }

  /** φi := a value below 2^32, without a bigint. */
  setSmall(c: Context, i: number, v: number): void {
    this.setHalves(c, i, v, 0);
  }

  /** φi := hi · 2^32 + lo, from its two 32-bit halves (int32 or u32), without a bigint. */
  setHalves(c: Context, i: number, lo: number, hi: number): void {
    const o = c.ctx * CTX_WORDS + 2 * i;
    this.words[o] = lo | 0;
    this.words[o + 1] = hi | 0;
  }

  /** φi of `to` := φi of `from`. */
  copyReg(from: Context, to: Context, i: number): void {
    const w = this.words;
    const a = from.ctx * CTX_WORDS + 2 * i;
    const b = to.ctx * CTX_WORDS + 2 * i;
    w[b] = w[a] as number;
    w[b + 1] = w[a + 1] as number;
  }

  /** A VM's gas. */
  gasOf(c: Context): bigint {
    return c.big ?? BigInt(this.gas[c.ctx] as number);
  }

  /** A VM's gas := g (a u64). */
  setGas(c: Context, g: bigint): void {
    const small = g <= MAX_NUMBER_GAS_N;
    this.gas[c.ctx] = small ? Number(g) : 0;
    c.big = small ? null : g;
  }

  /** Whether the VM has less than n gas (n a small number). */
  gasBelow(c: Context, n: number): boolean {
    return c.big === null && (this.gas[c.ctx] as number) < n;
  }

  /** Takes n (a small number, at most its gas) from the VM's gas. */
  charge(c: Context, n: number): void {
    if (c.big === null) this.gas[c.ctx] = (this.gas[c.ctx] as number) - n;
    else this.setGas(c, c.big - BigInt(n));
  }

  /** `to` gets `from`'s gas added to its own; `from` is left with none. */
  addGas(from: Context, to: Context): void {
    const sum = (this.gas[to.ctx] as number) + (this.gas[from.ctx] as number); // exact if both are numbers and sum ≤ MAX_NUMBER_GAS
    if (to.big === null && from.big === null && sum <= MAX_NUMBER_GAS) this.gas[to.ctx] = sum;
    else this.setGas(to, this.gasOf(to) + this.gasOf(from));
    this.gas[from.ctx] = 0;
    from.big = null;
  }

  /** `to`'s gas := `from`'s gas; `from` is left with none. */
  handGas(from: Context, to: Context): void {
    this.gas[to.ctx] = this.gas[from.ctx] as number;
    to.big = from.big;
    this.gas[from.ctx] = 0;
    from.big = null;
  }

  /** Puts a VM's registers and gas into the machine (`numberGas`: the machine offers gasNumber). */
  load(c: Context, m: CoreMachine, numberGas: boolean): void {
    if (numberGas && c.big === null) m.gasNumber = this.gas[c.ctx] as number;
    else m.gas = this.gasOf(c);
    if (m.loadRegs !== undefined) m.loadRegs(this.words, c.ctx * CTX_WORDS);
    else this.loadEach(c, m);
  }

  /** Takes a VM's registers and gas back from the machine after it ran. */
  save(c: Context, m: CoreMachine, numberGas: boolean): void {
    const g = numberGas ? (m.gasNumber as number) : -1;
    if (g >= 0) {
      this.gas[c.ctx] = g;
      c.big = null;
    } else {
      this.setGas(c, m.gas);
    }
    if (m.saveRegs !== undefined) m.saveRegs(this.words, c.ctx * CTX_WORDS);
    else this.saveEach(c, m);
  }

  /** load's registers for a machine without loadRegs (kept out of load, which the run loop inlines). */
  private loadEach(c: Context, m: CoreMachine): void {
    for (let i = 0; i < NUM_REGS; i++) m.setReg(i, this.reg(c, i));
  }

  /** save's registers for a machine without saveRegs. */
  private saveEach(c: Context, m: CoreMachine): void {
    for (let i = 0; i < NUM_REGS; i++) this.setReg(c, i, m.getReg(i));
  }
}
