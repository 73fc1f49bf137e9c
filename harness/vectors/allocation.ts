/**
 * Kernel snapshots compared up to the allocation choices no VM can observe (vectors/kernel.md
 * "What is compared"): the backing-store page numbers. A snapshot is rewritten to a canonical
 * numbering before the comparison: the DATA caps' backing ranges are renumbered from 0 in the order
 * the caps appear (VMs by id, slots ascending, then the call frames' `ipcCap` ranges), page by page;
 * `backing` pages keep their bytes under the new numbers, and pages no cap or frame names (leaked by
 * DROP, spec-notes/0033) are left out. Everything else (VM ids, nextVmId, untyped.offset, ...) is
 * compared as it is. A value that is not snapshot-shaped is returned unchanged (the comparison then
 * reports the first difference of the raw value).
 */
import type { SnapshotJson } from '../../vectors/lib/format.js';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNat = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** Is this value shaped like a snapshot (enough to renumber it)? */
function snapshotShaped(s: unknown): s is SnapshotJson {
  if (!isObj(s) || !Array.isArray(s.vms) || !Array.isArray(s.stack) || !Array.isArray(s.backing)) return false;
  for (const v of s.vms) if (!isObj(v) || !Array.isArray(v.slots) || !v.slots.every((e) => isObj(e) && isObj(e.cap))) return false;
  return s.stack.every(isObj) && s.backing.every((p) => isObj(p) && isNat(p.page));
}

/** The snapshot with its backing pages renumbered canonically (see the module comment). */
export function canonicalBacking(s: unknown): unknown {
  if (!snapshotShaped(s)) return s;
  const pageMap = new Map<number, number>();
  let next = 0;
  const rename = (backing: unknown, pages: unknown): unknown => {
    if (!isNat(backing) || !isNat(pages)) return backing;
    if (pages === 0) return next; // an empty cap owns no page (spec-notes/0054): only its place in the order counts
    const known = pageMap.get(backing);
    if (known !== undefined) return known;
    for (let i = 0; i < pages; i++) if (!pageMap.has(backing + i)) pageMap.set(backing + i, next + i);
    const label = next;
    next += pages;
    return label;
  };
  const vms = s.vms.map((v) => ({
    ...v,
    slots: v.slots.map((e) => (e.cap.kind === 'data' ? { ...e, cap: { ...e.cap, backing: rename(e.cap.backing, e.cap.pages) } } : e)),
  }));
  const stack = s.stack.map((f) => (isObj(f.ipcCap) ? { ...f, ipcCap: { ...f.ipcCap, backing: rename(f.ipcCap.backing, f.ipcCap.pages) } } : f));
  const backing = s.backing
    .filter((p) => pageMap.has(p.page))
    .map((p) => ({ ...p, page: pageMap.get(p.page) as number }))
    .sort((a, b) => a.page - b.page);
  return { ...s, vms, stack, backing } as unknown as SnapshotJson;
}
