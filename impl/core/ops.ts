/**
 * Register-to-register semantics shared by both tiers (pvm-core.md 3.2): operands and results are
 * int32 halves in the register arrays L (low) and H (high); 32-bit results are sign-extended
 * (s32). Shifts take the amount mod the width; arithmetic shifts floor (spec-notes/0001);
 * sign_extend truncates first (0002).
 */
import {
  bswap32, ctz32, divS64, divU64, mul64, mulHiSS, mulHiSU, mulHiUU, OUT, popcnt32, REM, rotr32, rotr64, sar64, shl64, shr64,
} from './u64.js';

/** a <u b on halves. */
export const ltU = (al: number, ah: number, bl: number, bh: number): boolean =>
  ah === bh ? al >>> 0 < bl >>> 0 : ah >>> 0 < bh >>> 0;
/** a <s b on halves. */
export const ltS = (al: number, ah: number, bl: number, bh: number): boolean => (ah === bh ? al >>> 0 < bl >>> 0 : ah < bh);

/** TwoReg 102-111: φ[a] := f(φ[b]). */
export function twoReg(L: Int32Array, H: Int32Array, o: number, a: number, b: number): void {
  const bl = L[b]!, bh = H[b]!;
  let rl = 0;
  let rh = 0;
  switch (o) {
    case 102: rl = popcnt32(bl) + popcnt32(bh); break;
    case 103: rl = popcnt32(bl); break;
    case 104: rl = bh !== 0 ? Math.clz32(bh) : 32 + Math.clz32(bl); break;
    case 105: rl = Math.clz32(bl); break;
    case 106: rl = bl !== 0 ? ctz32(bl) : 32 + ctz32(bh); break;
    case 107: rl = ctz32(bl); break;
    case 108: rl = (bl << 24) >> 24; rh = rl >> 31; break;
    case 109: rl = (bl << 16) >> 16; rh = rl >> 31; break;
    case 110: rl = bl & 0xffff; break;
    default: rl = bswap32(bh); rh = bswap32(bl); break; // 111 reverse_bytes
  }
  L[a] = rl;
  H[a] = rh;
}

/** TwoRegOneImm ALU 131-161: φ[a] := f(φ[b], x). */
export function regImm(L: Int32Array, H: Int32Array, o: number, a: number, b: number, xl: number, xh: number): void {
  const bl = L[b]!, bh = H[b]!;
  let rl = 0;
  let rh = 0;
  let w32 = false;
  switch (o) {
    case 131: rl = (bl + xl) | 0; w32 = true; break;
    case 132: rl = bl & xl; rh = bh & xh; break;
    case 133: rl = bl ^ xl; rh = bh ^ xh; break;
    case 134: rl = bl | xl; rh = bh | xh; break;
    case 135: rl = Math.imul(bl, xl); w32 = true; break;
    case 136: rl = ltU(bl, bh, xl, xh) ? 1 : 0; break;
    case 137: rl = ltS(bl, bh, xl, xh) ? 1 : 0; break;
    case 138: rl = bl << (xl & 31); w32 = true; break;
    case 139: rl = (bl >>> (xl & 31)) | 0; w32 = true; break;
    case 140: rl = bl >> (xl & 31); w32 = true; break;
    case 141: rl = (xl - bl) | 0; w32 = true; break;
    case 142: rl = ltU(xl, xh, bl, bh) ? 1 : 0; break;
    case 143: rl = ltS(xl, xh, bl, bh) ? 1 : 0; break;
    case 144: rl = xl << (bl & 31); w32 = true; break;
    case 145: rl = (xl >>> (bl & 31)) | 0; w32 = true; break;
    case 146: rl = xl >> (bl & 31); w32 = true; break;
    case 147: if ((bl | bh) === 0) { rl = xl; rh = xh; } else { rl = L[a]!; rh = H[a]!; } break;
    case 148: if ((bl | bh) !== 0) { rl = xl; rh = xh; } else { rl = L[a]!; rh = H[a]!; } break;
    case 149: rl = (bl + xl) | 0; rh = (bh + xh + ((rl >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; break;
    case 150: mul64(bl, bh, xl, xh); rl = OUT[0]!; rh = OUT[1]!; break;
    case 151: shl64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 152: shr64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 153: sar64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 154: rl = (xl - bl) | 0; rh = (xh - bh - ((xl >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; break;
    case 155: shl64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 156: shr64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 157: sar64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 158: rotr64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 159: rotr64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 160: rl = rotr32(bl, xl & 31); w32 = true; break;
    default: rl = rotr32(xl, bl & 31); w32 = true; break; // 161
  }
  L[a] = rl;
  H[a] = w32 ? rl >> 31 : rh;
}

/** ThreeReg 190-230: φ[d] := f(φ[a], φ[b]). */
export function threeReg(L: Int32Array, H: Int32Array, o: number, a: number, b: number, d: number): void {
  const al = L[a]!, ah = H[a]!, bl = L[b]!, bh = H[b]!;
  let rl = 0;
  let rh = 0;
  let w32 = false; // a 32-bit result, to sign-extend from rl
  switch (o) {
    case 190: rl = (al + bl) | 0; w32 = true; break;
    case 191: rl = (al - bl) | 0; w32 = true; break;
    case 192: rl = Math.imul(al, bl); w32 = true; break;
    case 193: // div_u_32
      if (bl === 0) { rl = -1; rh = -1; } else { rl = ((al >>> 0) / (bl >>> 0)) | 0; w32 = true; }
      break;
    case 194: // div_s_32
      if (bl === 0) { rl = -1; rh = -1; } else if (al === -0x80000000 && bl === -1) { rl = al; w32 = true; } else { rl = (al / bl) | 0; w32 = true; }
      break;
    case 195: rl = bl === 0 ? al : (al >>> 0) % (bl >>> 0) | 0; w32 = true; break;
    case 196: rl = bl === 0 ? al : al === -0x80000000 && bl === -1 ? 0 : al % bl | 0; w32 = true; break;
    case 197: rl = al << (bl & 31); w32 = true; break;
    case 198: rl = (al >>> (bl & 31)) | 0; w32 = true; break;
    case 199: rl = al >> (bl & 31); w32 = true; break;
    case 200: rl = (al + bl) | 0; rh = (ah + bh + ((rl >>> 0) < (al >>> 0) ? 1 : 0)) | 0; break;
    case 201: rl = (al - bl) | 0; rh = (ah - bh - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; break;
    case 202: mul64(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case 203: if ((bl | bh) === 0) { rl = -1; rh = -1; } else { divU64(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; } break;
    case 204:
      if ((bl | bh) === 0) { rl = -1; rh = -1; }
      else if (al === 0 && ah === -0x80000000 && bl === -1 && bh === -1) { rl = al; rh = ah; }
      else { divS64(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; }
      break;
    case 205: if ((bl | bh) === 0) { rl = al; rh = ah; } else { divU64(al, ah, bl, bh); rl = REM[0]!; rh = REM[1]!; } break;
    case 206:
      if ((bl | bh) === 0) { rl = al; rh = ah; }
      else if (al === 0 && ah === -0x80000000 && bl === -1 && bh === -1) { rl = 0; rh = 0; }
      else { divS64(al, ah, bl, bh); rl = REM[0]!; rh = REM[1]!; }
      break;
    case 207: shl64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 208: shr64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 209: sar64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 210: rl = al & bl; rh = ah & bh; break;
    case 211: rl = al ^ bl; rh = ah ^ bh; break;
    case 212: rl = al | bl; rh = ah | bh; break;
    case 213: mulHiSS(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case 214: mulHiUU(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case 215: mulHiSU(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case 216: rl = ltU(al, ah, bl, bh) ? 1 : 0; break;
    case 217: rl = ltS(al, ah, bl, bh) ? 1 : 0; break;
    case 218: if ((bl | bh) === 0) { rl = al; rh = ah; } else { rl = L[d]!; rh = H[d]!; } break;
    case 219: if ((bl | bh) !== 0) { rl = al; rh = ah; } else { rl = L[d]!; rh = H[d]!; } break;
    case 220: rotr64(al, ah, (64 - (bl & 63)) & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 221: rl = rotr32(al, (32 - (bl & 31)) & 31); w32 = true; break;
    case 222: rotr64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case 223: rl = rotr32(al, bl & 31); w32 = true; break;
    case 224: rl = al & ~bl; rh = ah & ~bh; break;
    case 225: rl = al | ~bl; rh = ah | ~bh; break;
    case 226: rl = ~(al ^ bl); rh = ~(ah ^ bh); break;
    case 227: if (ltS(al, ah, bl, bh)) { rl = bl; rh = bh; } else { rl = al; rh = ah; } break;
    case 228: if (ltU(al, ah, bl, bh)) { rl = bl; rh = bh; } else { rl = al; rh = ah; } break;
    case 229: if (ltS(al, ah, bl, bh)) { rl = al; rh = ah; } else { rl = bl; rh = bh; } break;
    default: if (ltU(al, ah, bl, bh)) { rl = al; rh = ah; } else { rl = bl; rh = bh; } break;
  }
  L[d] = rl;
  H[d] = w32 ? rl >> 31 : rh;
}

