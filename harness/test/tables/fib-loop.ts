/**
 * The iterative Fibonacci loop (n = 1,000,000) as a JAR v2 blob, hand-assembled:
 *   0: load_imm r7, 0        2: load_imm r9, 1        5: load_imm r8, 1000000     11: fallthrough
 *  12: add_64 r10 = r7 + r9 15: move_reg r7 <- r9    17: move_reg r9 <- r10      19: add_imm_64 r8 = r8 - 1
 *  22: branch_ne_imm r8, 0 -> 12                     25: ecalli 0 (REPLY on slot 0)
 * One CODE cap in slot 64, also the invoke cap; memory_pages 0; empty jump table with entry size 4.
 */
import { hex } from './core.js';

const code = hex('33 07 | 33 09 01 | 33 08 40 42 0f 00 | 01 | c8 97 0a | 64 97 | 64 a9 | 95 88 ff | 52 08 f6 | 0a 00');
// starts 0,2,5 -> 0b00100101 = 0x25; 11,12,15 -> bits 3,4,7 = 0x98; 17,19,22 -> bits 1,3,6 = 0x4a; 25 -> bit 1 = 0x02
const bitmask = hex('25 98 4a 02');
const codeBlob = Uint8Array.from([...hex('00000000 04 1b000000'), ...code, ...bitmask]); // jump_len 0, entry_size 4, code_len 27
/** The whole blob. */
export const fibLoopBlob = Uint8Array.from([
  ...hex('4a415202 00000000 01 40'), // magic, memory_pages 0, 1 cap, invoke slot 64
  ...hex('40 00 00000000 00000000 00 00000000'), 40, 0, 0, 0, // slot 64 CODE, data [0, 40)
  ...codeBlob,
]);

