/**
 * Program containers for an assembled code image: the gp deblob, the jar1 CODE sub-blob and the JAR
 * v2 manifest (pvm-core.md 4, spec-notes/0031). The byte layouts live in vectors/lib/containers.ts,
 * shared with the fuzzer and the vector generator; this file adds the typed manifest spec the
 * assembler's users write (DATA access as 'R'/'W', default memory_pages and invoke cap).
 */
import { codeBlob, manifestBlob, type ManifestEntry } from './containers.js';
import type { CodeImage, PageAccess } from './types.js';

export { codeBlob, compactNatural, gpBlob, leastEntrySize, packBitmask, type EntrySizeOption } from './containers.js';

/** One manifest entry: a CODE cap (an image, or a ready sub-blob) or a DATA cap. */
export type JarCapSpec =
  | { readonly slot: number; readonly type: 'code'; readonly image: CodeImage; readonly entrySize?: number }
  | { readonly slot: number; readonly type: 'code'; readonly blob: Uint8Array }
  | { readonly slot: number; readonly type: 'data'; readonly basePage: number; readonly pageCount: number; readonly access: PageAccess; readonly data?: Uint8Array };

export interface JarSpec {
  /** Untyped page budget; default the sum of the DATA caps' pages. */
  readonly memoryPages?: number;
  /** Slot of the CODE cap to start; default the first CODE cap's slot. */
  readonly invokeCap?: number;
  readonly caps: readonly JarCapSpec[];
}

/** The JAR v2 blob: header, one 19-byte entry per cap, then each cap's bytes in entry order (an empty cap gets offset 0). */
export function jarBlob(spec: JarSpec): Uint8Array {
  if (spec.caps.length > 255) throw new RangeError(`${spec.caps.length} caps, at most 255 fit the u8 cap_count`);
  const entries = spec.caps.map((c): ManifestEntry => {
    const data = c.type === 'data' ? c.data ?? new Uint8Array() : 'blob' in c ? c.blob : codeBlob(c.image, c.entrySize === undefined ? {} : { entrySize: c.entrySize });
    const empty = data.length === 0 ? { offset: 0 } : {};
    return c.type === 'data'
      ? { slot: c.slot, type: 1, basePage: c.basePage, pageCount: c.pageCount, access: c.access === 'W' ? 1 : 0, data, ...empty }
      : { slot: c.slot, type: 0, data, ...empty };
  });
  const pages = spec.caps.reduce((n, c) => n + (c.type === 'data' ? c.pageCount : 0), 0);
  const invoke = spec.invokeCap ?? spec.caps.find((c) => c.type === 'code')?.slot ?? 0;
  return manifestBlob(spec.memoryPages ?? pages, invoke, entries);
}
