/**
 * The Gray Paper program blob (deblob): E(|j|) ‖ E1(z) ‖ E(|c|) ‖ j ‖ c ‖ packed bitmask.
 * Spec: GP A.2 (deblob), Lean `Decode.deblob` with compact naturals; pvm-core.md 4.4. No basic-block
 * validation in this profile (spec-notes/0019); z = 0 is allowed only for an empty table and nothing may
 * follow the bitmask (spec-notes/0059).
 */
import type { CodeImage } from '../../vectors/lib/types.js';
import { fail, ok, Reader, unpackBitmask, type Parsed } from './reader.js';

const MAX_LEN = 2n ** 32n;

/** Parses a GP deblob into a code image (GP A.2 `deblob`; spec-notes/0059 for z = 0 and trailing bytes). */
export function parseGpBlob(bytes: Uint8Array): Parsed<CodeImage> {
  const r = new Reader(bytes);
  const jumpLen = r.varint();
  if (jumpLen === null) return fail('truncated', 'gp blob: jump table length |j| (compact natural) is missing');
  const z = r.uint(1);
  if (z === null) return fail('truncated', 'gp blob: jump table entry size z (1 byte) is missing');
  const codeLen = r.varint();
  if (codeLen === null) return fail('truncated', 'gp blob: code length |c| (compact natural) is missing');
  if (jumpLen >= MAX_LEN || codeLen >= MAX_LEN) return fail('out_of_bounds', `gp blob: |j| = ${jumpLen} or |c| = ${codeLen} exceeds 2^32`);
  if (z > 4 || (z === 0 && jumpLen > 0n)) return fail('bad_entry_size', `gp blob: entry size z = ${z}, expected 1..4 (0 only with an empty table)`);
  const need = Number(jumpLen) * z + Number(codeLen) + Math.ceil(Number(codeLen) / 8);
  if (r.remaining < need) return fail('truncated', `gp blob: table, code and bitmask need ${need} bytes after the header, ${r.remaining} present`);
  const jumpTable: number[] = [];
  for (let k = 0; k < Number(jumpLen); k++) jumpTable.push(r.uint(z) ?? 0);
  const code = Uint8Array.from(r.take(Number(codeLen)) ?? []);
  const bitmask = unpackBitmask(r.take(Math.ceil(Number(codeLen) / 8)) ?? new Uint8Array(), code.length);
  if (r.remaining > 0) return fail('trailing_bytes', `gp blob: ${r.remaining} bytes after the bitmask`);
  return ok({ code, bitmask, jumpTable });
}
