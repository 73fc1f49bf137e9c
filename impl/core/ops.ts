/**
 * Register-to-register semantics shared by both tiers (pvm-core.md 3.2): operands and results are
 * int32 halves in the register arrays L (low) and H (high); 32-bit results are sign-extended
 * (s32). Each op is one `case Op.<mnemonic>` of the interpreter's function for its format, and the
 * ops the jit emits inline have their emitter in a table right after that function. Shifts take the amount mod the width; arithmetic shifts floor (spec-notes/0001);
 * sign_extend truncates first (0002).
 */
import {
  bswap32, ctz32, divS64, divU64, mul64, mulHiSS, mulHiSU, mulHiUU, OUT, popcnt32, REM, rotr32, rotr64, sar64, shl64, shr64,
} from './u64.js';
import { Op } from './opcodes.js';

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
    case Op.count_set_bits_64: rl = popcnt32(bl) + popcnt32(bh); break;
    case Op.count_set_bits_32: rl = popcnt32(bl); break;
    case Op.leading_zero_bits_64: rl = bh !== 0 ? Math.clz32(bh) : 32 + Math.clz32(bl); break;
    case Op.leading_zero_bits_32: rl = Math.clz32(bl); break;
    case Op.trailing_zero_bits_64: rl = bl !== 0 ? ctz32(bl) : 32 + ctz32(bh); break;
    case Op.trailing_zero_bits_32: rl = ctz32(bl); break;
    case Op.sign_extend_8: rl = (bl << 24) >> 24; rh = rl >> 31; break;
    case Op.sign_extend_16: rl = (bl << 16) >> 16; rh = rl >> 31; break;
    case Op.zero_extend_16: rl = bl & 0xffff; break;
    default: rl = bswap32(bh); rh = bswap32(bl); break; // Op.reverse_bytes
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
    case Op.add_imm_32: rl = (bl + xl) | 0; w32 = true; break;
    case Op.and_imm: rl = bl & xl; rh = bh & xh; break;
    case Op.xor_imm: rl = bl ^ xl; rh = bh ^ xh; break;
    case Op.or_imm: rl = bl | xl; rh = bh | xh; break;
    case Op.mul_imm_32: rl = Math.imul(bl, xl); w32 = true; break;
    case Op.set_lt_u_imm: rl = ltU(bl, bh, xl, xh) ? 1 : 0; break;
    case Op.set_lt_s_imm: rl = ltS(bl, bh, xl, xh) ? 1 : 0; break;
    case Op.shlo_l_imm_32: rl = bl << (xl & 31); w32 = true; break;
    case Op.shlo_r_imm_32: rl = (bl >>> (xl & 31)) | 0; w32 = true; break;
    case Op.shar_r_imm_32: rl = bl >> (xl & 31); w32 = true; break;
    case Op.neg_add_imm_32: rl = (xl - bl) | 0; w32 = true; break;
    case Op.set_gt_u_imm: rl = ltU(xl, xh, bl, bh) ? 1 : 0; break;
    case Op.set_gt_s_imm: rl = ltS(xl, xh, bl, bh) ? 1 : 0; break;
    case Op.shlo_l_imm_alt_32: rl = xl << (bl & 31); w32 = true; break;
    case Op.shlo_r_imm_alt_32: rl = (xl >>> (bl & 31)) | 0; w32 = true; break;
    case Op.shar_r_imm_alt_32: rl = xl >> (bl & 31); w32 = true; break;
    case Op.cmov_iz_imm: if ((bl | bh) === 0) { rl = xl; rh = xh; } else { rl = L[a]!; rh = H[a]!; } break;
    case Op.cmov_nz_imm: if ((bl | bh) !== 0) { rl = xl; rh = xh; } else { rl = L[a]!; rh = H[a]!; } break;
    case Op.add_imm_64: rl = (bl + xl) | 0; rh = (bh + xh + ((rl >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; break;
    case Op.mul_imm_64: mul64(bl, bh, xl, xh); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.shlo_l_imm_64: shl64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.shlo_r_imm_64: shr64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.shar_r_imm_64: sar64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.neg_add_imm_64: rl = (xl - bl) | 0; rh = (xh - bh - ((xl >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; break;
    case Op.shlo_l_imm_alt_64: shl64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.shlo_r_imm_alt_64: shr64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.shar_r_imm_alt_64: sar64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.rot_r_64_imm: rotr64(bl, bh, xl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.rot_r_64_imm_alt: rotr64(xl, xh, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.rot_r_32_imm: rl = rotr32(bl, xl & 31); w32 = true; break;
    default: rl = rotr32(xl, bl & 31); w32 = true; break; // Op.rot_r_32_imm_alt
  }
  L[a] = rl;
  H[a] = w32 ? rl >> 31 : rh;
}

/**
 * An inline emitter of the jit (jit.ts): JavaScript source for φ[d] := f(a, b) over the region's
 * local int32 halves, d given as the names (dl, dh), a and b as names or number literals; the
 * region's temporaries t and u are free to use (d may be a or b, so an emitter reads its operands
 * before it writes d). impl/test/ops-jit.test.ts holds every emitter against its interpreter case.
 */
export type JitEmitter = (dl: string, dh: string, al: string, ah: string, bl: string, bh: string) => string;

/** φ[dst] := rotr64(src, s) for a constant s: the sources are read into t, u first (dst may be src). */
function rotrConst(dl: string, dh: string, sl: string, sh: string, amount: number): string {
  const [lo, hi] = amount >= 32 ? ['u', 't'] : ['t', 'u'];
  const r = amount & 31;
  return r === 0 ? `t=${sl};u=${sh};${dl}=${lo};${dh}=${hi};`
    : `t=${sl};u=${sh};${dl}=(${lo}>>>${r})|(${hi}<<${32 - r});${dh}=(${hi}>>>${r})|(${lo}<<${32 - r});`;
}

/**
 * The jit's inline emitters of TwoRegOneImm ALU ops, beside their interpreter cases above: a = φ[b]
 * and b = the immediate x (literals). The ops not listed here the jit leaves to regImm itself.
 */
export const REG_IMM_JIT: { readonly [o: number]: JitEmitter | undefined } = {
  [Op.add_imm_32]: (dl, dh, sl, _sh, xl) => `${dl}=(${sl}+${xl})|0;${dh}=${dl}>>31;`,
  [Op.and_imm]: (dl, dh, sl, sh, xl, xh) => `${dl}=${sl}&${xl};${dh}=${sh}&${xh};`,
  [Op.xor_imm]: (dl, dh, sl, sh, xl, xh) => `${dl}=${sl}^${xl};${dh}=${sh}^${xh};`,
  [Op.or_imm]: (dl, dh, sl, sh, xl, xh) => `${dl}=${sl}|${xl};${dh}=${sh}|${xh};`,
  [Op.add_imm_64]: (dl, dh, sl, sh, xl, xh) => `t=(${sl}+${xl})|0;${dh}=(${sh}+${xh}+((t>>>0)<(${sl}>>>0)?1:0))|0;${dl}=t;`,
  [Op.rot_r_64_imm]: (dl, dh, sl, sh, xl) => rotrConst(dl, dh, sl, sh, Number(xl) & 63),
};

/** ThreeReg 190-230: φ[d] := f(φ[a], φ[b]). */
export function threeReg(L: Int32Array, H: Int32Array, o: number, a: number, b: number, d: number): void {
  const al = L[a]!, ah = H[a]!, bl = L[b]!, bh = H[b]!;
  let rl = 0;
  let rh = 0;
  let w32 = false; // a 32-bit result, to sign-extend from rl
  switch (o) {
    case Op.add_32: rl = (al + bl) | 0; w32 = true; break;
    case Op.sub_32: rl = (al - bl) | 0; w32 = true; break;
    case Op.mul_32: rl = Math.imul(al, bl); w32 = true; break;
    case Op.div_u_32: // div_u_32
      if (bl === 0) { rl = -1; rh = -1; } else { rl = ((al >>> 0) / (bl >>> 0)) | 0; w32 = true; }
      break;
    case Op.div_s_32: // div_s_32
      if (bl === 0) { rl = -1; rh = -1; } else if (al === -0x80000000 && bl === -1) { rl = al; w32 = true; } else { rl = (al / bl) | 0; w32 = true; }
      break;
    case Op.rem_u_32: rl = bl === 0 ? al : (al >>> 0) % (bl >>> 0) | 0; w32 = true; break;
    case Op.rem_s_32: rl = bl === 0 ? al : al === -0x80000000 && bl === -1 ? 0 : al % bl | 0; w32 = true; break;
    case Op.shlo_l_32: rl = al << (bl & 31); w32 = true; break;
    case Op.shlo_r_32: rl = (al >>> (bl & 31)) | 0; w32 = true; break;
    case Op.shar_r_32: rl = al >> (bl & 31); w32 = true; break;
    case Op.add_64: rl = (al + bl) | 0; rh = (ah + bh + ((rl >>> 0) < (al >>> 0) ? 1 : 0)) | 0; break;
    case Op.sub_64: rl = (al - bl) | 0; rh = (ah - bh - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; break;
    case Op.mul_64: mul64(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.div_u_64: if ((bl | bh) === 0) { rl = -1; rh = -1; } else { divU64(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; } break;
    case Op.div_s_64:
      if ((bl | bh) === 0) { rl = -1; rh = -1; }
      else if (al === 0 && ah === -0x80000000 && bl === -1 && bh === -1) { rl = al; rh = ah; }
      else { divS64(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; }
      break;
    case Op.rem_u_64: if ((bl | bh) === 0) { rl = al; rh = ah; } else { divU64(al, ah, bl, bh); rl = REM[0]!; rh = REM[1]!; } break;
    case Op.rem_s_64:
      if ((bl | bh) === 0) { rl = al; rh = ah; }
      else if (al === 0 && ah === -0x80000000 && bl === -1 && bh === -1) { rl = 0; rh = 0; }
      else { divS64(al, ah, bl, bh); rl = REM[0]!; rh = REM[1]!; }
      break;
    case Op.shlo_l_64: shl64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.shlo_r_64: shr64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.shar_r_64: sar64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.and: rl = al & bl; rh = ah & bh; break;
    case Op.xor: rl = al ^ bl; rh = ah ^ bh; break;
    case Op.or: rl = al | bl; rh = ah | bh; break;
    case Op.mul_upper_s_s: mulHiSS(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.mul_upper_u_u: mulHiUU(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.mul_upper_s_u: mulHiSU(al, ah, bl, bh); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.set_lt_u: rl = ltU(al, ah, bl, bh) ? 1 : 0; break;
    case Op.set_lt_s: rl = ltS(al, ah, bl, bh) ? 1 : 0; break;
    case Op.cmov_iz: if ((bl | bh) === 0) { rl = al; rh = ah; } else { rl = L[d]!; rh = H[d]!; } break;
    case Op.cmov_nz: if ((bl | bh) !== 0) { rl = al; rh = ah; } else { rl = L[d]!; rh = H[d]!; } break;
    case Op.rot_l_64: rotr64(al, ah, (64 - (bl & 63)) & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.rot_l_32: rl = rotr32(al, (32 - (bl & 31)) & 31); w32 = true; break;
    case Op.rot_r_64: rotr64(al, ah, bl & 63); rl = OUT[0]!; rh = OUT[1]!; break;
    case Op.rot_r_32: rl = rotr32(al, bl & 31); w32 = true; break;
    case Op.and_inv: rl = al & ~bl; rh = ah & ~bh; break;
    case Op.or_inv: rl = al | ~bl; rh = ah | ~bh; break;
    case Op.xnor: rl = ~(al ^ bl); rh = ~(ah ^ bh); break;
    case Op.max: if (ltS(al, ah, bl, bh)) { rl = bl; rh = bh; } else { rl = al; rh = ah; } break;
    case Op.max_u: if (ltU(al, ah, bl, bh)) { rl = bl; rh = bh; } else { rl = al; rh = ah; } break;
    case Op.min: if (ltS(al, ah, bl, bh)) { rl = al; rh = ah; } else { rl = bl; rh = bh; } break;
    default: if (ltU(al, ah, bl, bh)) { rl = al; rh = ah; } else { rl = bl; rh = bh; } break; // Op.min_u
  }
  L[d] = rl;
  H[d] = w32 ? rl >> 31 : rh;
}

/**
 * The jit's inline emitters of ThreeReg ops, beside their interpreter cases above (a = φ[a], b = φ[b]).
 * The ops not listed here the jit leaves to threeReg itself.
 */
export const THREE_REG_JIT: { readonly [o: number]: JitEmitter | undefined } = {
  [Op.add_32]: (dl, dh, al, _ah, bl) => `${dl}=(${al}+${bl})|0;${dh}=${dl}>>31;`,
  [Op.sub_32]: (dl, dh, al, _ah, bl) => `${dl}=(${al}-${bl})|0;${dh}=${dl}>>31;`,
  [Op.add_64]: (dl, dh, al, ah, bl, bh) => `t=(${al}+${bl})|0;${dh}=(${ah}+${bh}+((t>>>0)<(${al}>>>0)?1:0))|0;${dl}=t;`,
  [Op.sub_64]: (dl, dh, al, ah, bl, bh) => `t=(${al}-${bl})|0;${dh}=(${ah}-${bh}-((${al}>>>0)<(${bl}>>>0)?1:0))|0;${dl}=t;`,
  [Op.mul_64]: (dl, dh, al, ah, bl, bh) => `mul64(${al},${ah},${bl},${bh});${dl}=OUT[0];${dh}=OUT[1];`,
  [Op.and]: (dl, dh, al, ah, bl, bh) => `${dl}=${al}&${bl};${dh}=${ah}&${bh};`,
  [Op.xor]: (dl, dh, al, ah, bl, bh) => `${dl}=${al}^${bl};${dh}=${ah}^${bh};`,
  [Op.or]: (dl, dh, al, ah, bl, bh) => `${dl}=${al}|${bl};${dh}=${ah}|${bh};`,
  [Op.and_inv]: (dl, dh, al, ah, bl, bh) => `t=${al}&~${bl};${dh}=${ah}&~${bh};${dl}=t;`,
  [Op.or_inv]: (dl, dh, al, ah, bl, bh) => `t=${al}|~${bl};${dh}=${ah}|~${bh};${dl}=t;`,
  [Op.xnor]: (dl, dh, al, ah, bl, bh) => `t=~(${al}^${bl});${dh}=~(${ah}^${bh});${dl}=t;`,
};
