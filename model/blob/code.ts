/**
 * The JAR v2 CODE sub-blob: u32 jump_len ‖ u8 entry_size ‖ u32 code_len ‖ table ‖ code ‖ packed bitmask,
 * followed by Lean's basic-block validation. Bytes after the bitmask are ignored (Rust `parse_code_blob`).
 * Spec: Lean `Decode.parseCodeSubBlob`, `Decode.validateBasicBlocks`; Rust program.rs `parse_code_blob`;
 * spec-notes/0019, 0056 (ecall does not end a code blob).
 */
import type { CodeImage } from '../../vectors/lib/types.js';
import { isStart } from '../decode/code.js';
import { endsCodeBlob } from '../decode/opcodes.js';
import { fail, ok, Reader, unpackBitmask, type Parsed } from './reader.js';

/** Parses and validates a CODE sub-blob; `where` names it in errors (e.g. "cap 64"). */
export function parseCodeBlob(bytes: Uint8Array, where = 'code blob'): Parsed<CodeImage> {
  const r = new Reader(bytes);
  const jumpLen = r.uint(4);
  const entrySize = r.uint(1);
  const codeLen = r.uint(4);
  if (jumpLen === null || entrySize === null || codeLen === null) {
    return fail('truncated', `${where}: header needs 9 bytes (u32 jump_len, u8 entry_size, u32 code_len), ${bytes.length} present`);
  }
  if (entrySize < 1 || entrySize > 4) return fail('bad_entry_size', `${where}: entry_size = ${entrySize}, expected 1..4`);
  const need = jumpLen * entrySize + codeLen + Math.ceil(codeLen / 8);
  if (r.remaining < need) return fail('out_of_bounds', `${where}: jump table, code and bitmask need ${need} bytes, ${r.remaining} present`);
  const jumpTable: number[] = [];
  for (let k = 0; k < jumpLen; k++) jumpTable.push(r.uint(entrySize) ?? 0);
  const code = Uint8Array.from(r.take(codeLen) ?? []);
  const bitmask = unpackBitmask(r.take(Math.ceil(codeLen / 8)) ?? new Uint8Array(), codeLen);
  const image = { code, bitmask, jumpTable };
  const invalid = basicBlockProblem(image);
  return invalid === null ? ok(image) : fail('invalid_code', `${where}: ${invalid}`);
}

/**
 * Lean `Decode.validateBasicBlocks`: non-empty, ends in one of Lean's `Decode.isTerminator` opcodes (not
 * ecall: spec-notes/0056), jump-table entries 0 or at instruction starts.
 */
export function basicBlockProblem(image: CodeImage): string | null {
  if (image.code.length === 0) return 'code is empty';
  let last = image.code.length - 1;
  while (last > 0 && !isStart(image, last)) last--;
  const op = image.code[last] ?? 0;
  if (!isStart(image, last) || !endsCodeBlob(op)) return `last instruction (pc ${last}, opcode ${op}) is not a terminator a code blob may end with`;
  const bad = image.jumpTable.findIndex((t) => t !== 0 && !isStart(image, t));
  if (bad >= 0) return `jump table entry ${bad} = ${image.jumpTable[bad]} is not an instruction start`;
  return null;
}
