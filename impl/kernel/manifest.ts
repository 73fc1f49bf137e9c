/**
 * JAR v2 capability manifest, read by the impl kernel: a 10-byte header ('J','A','R',0x02, u32
 * memory_pages, u8 cap_count, u8 invoke_cap), cap_count 19-byte entries (u8 slot, u8 type 0 CODE /
 * 1 DATA, u32 base_page, u32 page_count, u8 access 0 RO / 1 RW, u32 data_offset, u32 data_len), then
 * the data section the entries point into. CODE sub-blobs are parsed by the core (CoreFactory).
 * Spec: pvm-core.md 4.1; spec-notes/0019 (strict bounds), 0021 (Σ DATA pages ≤ memory_pages), 0031 (magic),
 * 0058 (duplicate slots, overlapping DATA caps, data longer than its cap, pages past 2^20).
 */
import type { CodeImage, LoadError, LoadErrorClass, PageAccess, Result } from '../../vectors/lib/types.js';
import { PAGE_SIZE } from '../../vectors/lib/types.js';

export interface ManifestCode {
  readonly type: 'code';
  readonly slot: number;
  readonly image: CodeImage;
}

export interface ManifestData {
  readonly type: 'data';
  readonly slot: number;
  readonly basePage: number;
  readonly pageCount: number;
  readonly access: PageAccess;
  readonly bytes: Uint8Array;
}

export type ManifestCap = ManifestCode | ManifestData;

export interface Manifest {
  readonly memoryPages: number;
  readonly invokeSlot: number;
  readonly caps: readonly ManifestCap[];
}

const HEADER_BYTES = 10;
const ENTRY_BYTES = 19;
const ADDRESS_PAGES = 0x100000;

/** A load error of a class. */
export const loadError = <T>(cls: LoadErrorClass, message: string): Result<T, LoadError> => ({ ok: false, error: { kind: 'load_error', class: cls, message } });

const u32At = (b: Uint8Array, at: number): number => ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;

/** Reads and validates a manifest; CODE sub-blobs go through `parseCode` (the core's parser). */
export function readManifest(blob: Uint8Array, parseCode: (b: Uint8Array) => Result<CodeImage, LoadError>): Result<Manifest, LoadError> {
  if (blob.length < HEADER_BYTES) return loadError('truncated', `jar blob: the header is ${HEADER_BYTES} bytes, the blob has ${blob.length}`);
  if (blob[0] !== 0x4a || blob[1] !== 0x41 || blob[2] !== 0x52 || blob[3] !== 0x02) {
    const seen = Array.from(blob.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return loadError('bad_magic', `jar blob: magic ${seen}, expected 4a 41 52 02 ("JAR" v2)`);
  }
  const memoryPages = u32At(blob, 4);
  const count = blob[8] ?? 0;
  const invokeSlot = blob[9] ?? 0;
  const dataStart = HEADER_BYTES + ENTRY_BYTES * count;
  if (blob.length < dataStart) return loadError('truncated', `jar blob: ${count} cap entries end at byte ${dataStart}, the blob has ${blob.length}`);
  const data = blob.subarray(dataStart);
  const caps: ManifestCap[] = [];
  for (let k = 0; k < count; k++) {
    const at = HEADER_BYTES + ENTRY_BYTES * k;
    const slot = blob[at] ?? 0;
    const type = blob[at + 1] ?? 0;
    const basePage = u32At(blob, at + 2);
    const pageCount = u32At(blob, at + 6);
    const access = blob[at + 10] ?? 0;
    const offset = u32At(blob, at + 11);
    const length = u32At(blob, at + 15);
    const name = `cap entry ${k} (slot ${slot})`;
    if (type !== 0 && type !== 1) return loadError('bad_cap_type', `${name}: cap_type ${type}, expected 0 (CODE) or 1 (DATA)`);
    if (access !== 0 && access !== 1) return loadError('bad_access', `${name}: init_access ${access}, expected 0 (RO) or 1 (RW)`);
    if (length > 0 && offset + length > data.length) return loadError('out_of_bounds', `${name}: data_offset ${offset} + data_len ${length} is past the ${data.length}-byte data section`);
    const bytes = length > 0 ? data.subarray(offset, offset + length) : new Uint8Array(0);
    if (type === 0) {
      const image = parseCode(bytes);
      if (!image.ok) return loadError(image.error.class, `${name}: ${image.error.message}`);
      caps.push({ type: 'code', slot, image: image.value });
      continue;
    }
    if (basePage + pageCount > ADDRESS_PAGES) return loadError('out_of_bounds', `${name}: base_page ${basePage} + page_count ${pageCount} is past the 2^20-page address space`);
    if (length > pageCount * PAGE_SIZE) return loadError('out_of_bounds', `${name}: data_len ${length} does not fit in page_count ${pageCount} pages`);
    caps.push({ type: 'data', slot, basePage, pageCount, access: access === 1 ? 'W' : 'R', bytes: bytes.slice() });
  }
  return crossChecks({ memoryPages, invokeSlot, caps });
}

/** Rules over all entries: distinct slots, a CODE invoke cap, Σ DATA pages within memory_pages, disjoint DATA pages. */
function crossChecks(m: Manifest): Result<Manifest, LoadError> {
  const seen = new Uint8Array(256);
  for (const c of m.caps) {
    if (seen[c.slot] === 1) return loadError('duplicate_cap', `jar blob: slot ${c.slot} is named by two cap entries`);
    seen[c.slot] = 1;
  }
  if (!m.caps.some((c) => c.type === 'code' && c.slot === m.invokeSlot)) return loadError('no_invoke_cap', `jar blob: invoke_cap ${m.invokeSlot} is not the slot of a CODE cap entry`);
  const data = m.caps.filter((c): c is ManifestData => c.type === 'data').sort((a, b) => a.basePage - b.basePage);
  let total = 0;
  for (const d of data) total += d.pageCount;
  if (total > m.memoryPages) return loadError('too_many_pages', `jar blob: DATA entries need ${total} pages, memory_pages is ${m.memoryPages}`);
  const covering = data.filter((d) => d.pageCount > 0); // a 0-page cap covers no page (spec-notes/0058)
  for (let k = 1; k < covering.length; k++) {
    const lo = covering[k - 1] as ManifestData;
    const hi = covering[k] as ManifestData;
    if (lo.basePage + lo.pageCount > hi.basePage) return loadError('overlapping_pages', `jar blob: the DATA caps of slots ${lo.slot} and ${hi.slot} both cover page ${hi.basePage}`);
  }
  return { ok: true, value: m };
}
