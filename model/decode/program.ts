/**
 * A code image frozen into a Program with its basic-block starts ϖ: the one decoder step that needs
 * the opcode table (which opcodes end a block), so it sits above both model/decode/code.ts and the
 * instruction rows of model/isa/. Spec: GP A.2 basic blocks, spec-notes/0006, 0028.
 */
import type { CodeImage } from '../../vectors/lib/types.js';
import { isTerminator } from '../isa/index.js';
import { isStart, nextPc, zeta, type Program } from './code.js';

/** Derives ϖ and freezes the image into a Program (GP A.2 basic blocks, spec-notes/0006). */
export function programFrom(image: CodeImage): Program {
  const base = { code: image.code, bitmask: image.bitmask };
  const starts = new Uint8Array(image.code.length + 25);
  starts[0] = 1;
  for (let n = 0; n < image.code.length; n++) {
    if (isStart(base, n) && isTerminator(zeta(base, n))) starts[nextPc(base, n)] = 1;
  }
  return { code: image.code, bitmask: image.bitmask, jumpTable: image.jumpTable, blockStarts: starts };
}
