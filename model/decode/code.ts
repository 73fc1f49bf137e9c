/**
 * A code image with the facts derived from it: ζ (code bytes with zeros past the end), K (the bitmask,
 * set past the end), skip distances and the basic-block starts ϖ.
 * Spec: GP A.1-A.2, Lean `Decode.lean` (`bitmaskGet`, `skipDistance`), spec-notes/0006, 0024, 0028.
 */

export interface Program {
  readonly code: Uint8Array;
  readonly bitmask: Uint8Array;
  readonly jumpTable: readonly number[];
  /**
   * ϖ: 0 and every position right after a terminator instruction, as one byte per position
   * 0 ..= code.length + 24 (a terminator's successor is at most 25 bytes on). A bitmap, not a Set: a
   * Set holds at most 2^24 entries, and code has as many block starts as its input has bytes.
   */
  readonly blockStarts: Uint8Array;
}

/** Whether a basic block (ϖ) starts at i. */
export function isBlockStart(p: Pick<Program, 'blockStarts'>, i: number): boolean {
  return (p.blockStarts[i] ?? 0) !== 0;
}

/** ζ(i): the code byte at i, or 0 past the end. */
export function zeta(p: Pick<Program, 'code'>, i: number): number {
  return i < p.code.length ? p.code[i] ?? 0 : 0;
}

/** K(i): whether an instruction starts at i; positions past the code count as starts. */
export function isStart(p: Pick<Program, 'code' | 'bitmask'>, i: number): boolean {
  return i >= p.code.length || (p.bitmask[i] ?? 0) !== 0;
}

/** skip(i) = min(24, least j with K(i+1+j)) (spec-notes/0024). */
export function skip(p: Pick<Program, 'code' | 'bitmask'>, i: number): number {
  for (let j = 0; j < 24; j++) if (isStart(p, i + 1 + j)) return j;
  return 24;
}

/** The pc of the instruction after the one at i. */
export const nextPc = (p: Pick<Program, 'code' | 'bitmask'>, i: number): number => i + 1 + skip(p, i);
