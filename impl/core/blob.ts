/**
 * Program blobs into code images: the jar1 CODE sub-blob (u32 LE header, validated: spec-notes/0019)
 * and the Gray Paper deblob with compact-natural lengths (no validation). pvm-core.md 4.2, 4.4.
 * Every failure is a typed LoadError naming the field; nothing throws.
 */
import type { CodeImage, LoadError, LoadErrorClass, Result } from '../../vectors/lib/types.js';
import { endsBlock } from './opcodes.js';

/** ecall: a gas-block terminator (0014) that a jar1 code blob may still not end with (spec-notes/0056). */
const OP_ECALL = 3;

const bad = (cls: LoadErrorClass, message: string): Result<CodeImage, LoadError> => ({ ok: false, error: { kind: 'load_error', class: cls, message } });

/** Little-endian unsigned of n ≤ 4 bytes at i (caller checks bounds). */
function le(bytes: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = n - 1; k >= 0; k--) v = v * 256 + bytes[i + k]!;
  return v;
}

/** Table, code and bitmask from `at` on; the caller has checked that they fit. */
function body(bytes: Uint8Array, at: number, jumpLen: number, z: number, codeLen: number): CodeImage {
  const jumpTable: number[] = [];
  for (let k = 0; k < jumpLen; k++) jumpTable.push(le(bytes, at + k * z, z));
  const codeAt = at + jumpLen * z;
  const code = bytes.slice(codeAt, codeAt + codeLen);
  const maskAt = codeAt + codeLen;
  const bitmask = new Uint8Array(codeLen);
  for (let i = 0; i < codeLen; i++) bitmask[i] = (bytes[maskAt + (i >>> 3)]! >>> (i & 7)) & 1;
  return { code, bitmask, jumpTable };
}

/** Parses and validates a jar1 CODE sub-blob: u32 jump_len, u8 entry_size (1..4), u32 code_len, table, code, bitmask. */
export function parseCodeBlob(bytes: Uint8Array): Result<CodeImage, LoadError> {
  if (bytes.length < 9) return bad('truncated', `code blob: header needs 9 bytes (u32 jump_len, u8 entry_size, u32 code_len), got ${bytes.length}`);
  const jumpLen = le(bytes, 0, 4);
  const z = bytes[4]!;
  const codeLen = le(bytes, 5, 4);
  if (z < 1 || z > 4) return bad('bad_entry_size', `code blob: entry_size is ${z}, expected 1..4`);
  const need = jumpLen * z + codeLen + Math.ceil(codeLen / 8);
  if (bytes.length - 9 < need) return bad('out_of_bounds', `code blob: jump table (${jumpLen}×${z}), code (${codeLen}) and bitmask need ${need} bytes after the header, got ${bytes.length - 9}`);
  const image = body(bytes, 9, jumpLen, z, codeLen);
  const problem = validate(image);
  return problem === null ? { ok: true, value: image } : bad('invalid_code', `code blob: ${problem}`);
}

/** Lean `Decode.validateBasicBlocks` with Lean's `Decode.isTerminator` (0028's set without ecall: spec-notes/0056); null when valid. */
function validate(image: CodeImage): string | null {
  const { code, bitmask, jumpTable } = image;
  if (code.length === 0) return 'code is empty (expected at least one instruction)';
  let last = code.length - 1;
  while (last > 0 && bitmask[last] !== 1) last--;
  if (bitmask[last] !== 1 || code[last] === OP_ECALL || !endsBlock(code[last]!)) return `the last instruction (pc ${last}, opcode ${code[last]}) is not a terminator a code blob may end with`;
  for (let k = 0; k < jumpTable.length; k++) {
    const t = jumpTable[k]!;
    if (t !== 0 && t < code.length && bitmask[t] !== 1) return `jump table entry ${k} = ${t} is not an instruction start`;
  }
  return null;
}

/** A JAM compact natural at `at`: [value, bytes used], or null when truncated. */
function compact(bytes: Uint8Array, at: number): [bigint, number] | null {
  if (at >= bytes.length) return null;
  const first = bytes[at]!;
  let n = 0;
  while (n < 8 && (first & (0x80 >>> n)) !== 0) n++;
  if (at + 1 + n > bytes.length) return null;
  let v = 0n;
  for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[at + 1 + k]!);
  if (n < 8) v |= BigInt(first & ((1 << (7 - n)) - 1)) << BigInt(8 * n);
  return [v, 1 + n];
}

/** Parses a Gray Paper deblob: E(|j|) ‖ E1(z) ‖ E(|c|) ‖ j ‖ c ‖ bitmask, nothing after it; z = 0 only with an empty table (spec-notes/0059). */
export function parseGpBlob(bytes: Uint8Array): Result<CodeImage, LoadError> {
  const j = compact(bytes, 0);
  if (j === null) return bad('truncated', 'gp blob: jump table length |j| (compact natural) is missing or cut short');
  const zAt = j[1];
  if (zAt >= bytes.length) return bad('truncated', 'gp blob: jump table entry size z (1 byte) is missing');
  const z = bytes[zAt]!;
  const c = compact(bytes, zAt + 1);
  if (c === null) return bad('truncated', 'gp blob: code length |c| (compact natural) is missing or cut short');
  if (j[0] >= 2n ** 32n || c[0] >= 2n ** 32n) return bad('out_of_bounds', `gp blob: |j| = ${j[0]} or |c| = ${c[0]} is 2^32 or more`);
  const jumpLen = Number(j[0]);
  const codeLen = Number(c[0]);
  if (z > 4 || (z === 0 && jumpLen > 0)) return bad('bad_entry_size', `gp blob: entry size z is ${z}, expected 1..4 (0 only with an empty table)`);
  const at = zAt + 1 + c[1];
  const need = jumpLen * z + codeLen + Math.ceil(codeLen / 8);
  const have = bytes.length - at;
  if (have < need) return bad('truncated', `gp blob: jump table, code and bitmask need ${need} bytes after the header, got ${have}`);
  if (have > need) return bad('trailing_bytes', `gp blob: ${have - need} bytes after the bitmask, expected none`);
  return { ok: true, value: body(bytes, at, jumpLen, z, codeLen) };
}
