/**
 * Decoded programs shared by content: loading the same CODE cap again (another invocation of the same
 * service, another kernel) reuses its decoded arrays, block costs and compiled regions instead of
 * decoding it again and warming up new region functions, which the JS engine would have to optimize
 * from scratch. Everything a Decoded holds besides the image is derived from the image (the second
 * tier's entry counts and regions are caches too), so sharing it changes no result. The cache keeps
 * its own copy of each image (a caller may reuse its buffers) and holds at most CACHE_BYTES of code.
 */
import type { CodeImage, Profile } from '../../vectors/lib/types.js';
import { decode, type Decoded } from './decode.js';

/** Code bytes the cache may hold in all (a byte of eagerly decoded code costs about 50 bytes of arrays, of lazily decoded code at most 8: decode.ts). */
const CACHE_BYTES = 1 << 20;

/** Least recently used first (a Map iterates in insertion order; a hit is re-inserted). */
const cache = new Map<string, Decoded>();
let cachedBytes = 0;

/** FNV-1a over the code, the bitmask and the jump table. */
function hashImage(image: CodeImage): number {
  let h = 0x811c9dc5;
  const mix = (b: number): void => {
    h = Math.imul(h ^ (b & 0xff), 0x01000193);
  };
  for (let i = 0; i < image.code.length; i++) mix(image.code[i]!);
  for (let i = 0; i < image.bitmask.length; i++) mix(image.bitmask[i]!);
  for (const t of image.jumpTable) {
    mix(t);
    mix(t >>> 8);
    mix(t >>> 16);
    mix(t >>> 24);
  }
  return h >>> 0;
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const sameImage = (a: CodeImage, b: CodeImage): boolean =>
  sameBytes(a.code, b.code) && sameBytes(a.bitmask, b.bitmask) && sameBytes(a.jumpTable, b.jumpTable);

/** The decoded program of an image for a profile and gas tier: from the cache when the same content was decoded before. */
export function decodeShared(profile: Profile, image: CodeImage, memCycles: number): Decoded {
  const tier = profile === 'gp' ? 0 : memCycles; // gp ignores memCycles
  const key = `${profile}:${tier}:${image.code.length}:${image.bitmask.length}:${image.jumpTable.length}:${hashImage(image)}`;
  const hit = cache.get(key);
  if (hit !== undefined && sameImage(hit.image, image)) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const own: CodeImage = { code: Uint8Array.from(image.code), bitmask: Uint8Array.from(image.bitmask), jumpTable: Array.from(image.jumpTable) };
  const d = decode(profile, own, memCycles);
  if (own.code.length > CACHE_BYTES) return d;
  if (hit !== undefined) {
    cache.delete(key); // a hash collision: the newer image takes the key
    cachedBytes -= hit.image.code.length;
  }
  cache.set(key, d);
  cachedBytes += own.code.length;
  for (const [k, old] of cache) {
    if (cachedBytes <= CACHE_BYTES) break;
    cache.delete(k);
    cachedBytes -= old.image.code.length;
  }
  return d;
}
