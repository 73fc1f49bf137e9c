/** Test helper: a code image from instruction byte lists, the bitmask marking each instruction's first byte. */
import type { CodeImage } from '../../../vectors/lib/types.js';

/** The image of `instrs` laid out back to back, with `table` as its jump table. */
export function imageOf(instrs: readonly (readonly number[])[], table: readonly number[] = []): CodeImage {
  const code = Uint8Array.from(instrs.flat());
  const bitmask = new Uint8Array(code.length);
  let at = 0;
  for (const i of instrs) {
    bitmask[at] = 1;
    at += i.length;
  }
  return { code, bitmask, jumpTable: [...table] };
}
