/**
 * `javm disasm <blob>`: one line per instruction of every CODE cap (jar1) or of the deblob (gp),
 * with pc, bytes, mnemonic and a marker at basic-block starts.
 */
import { disassembleLines, parseCode, parseJarBlob } from '../../model/index.js';
import type { CodeImage } from '../../vectors/lib/types.js';
import { UsageError } from '../engines.js';
import { maxBlobSizeOf, profileOf, readBlobFile, type Io } from './io.js';

/** Prints the listing of one code image. */
function listing(image: CodeImage, io: Io): void {
  if (image.jumpTable.length > 0) io.out(`  jump table: ${image.jumpTable.map((t, k) => `${2 * (k + 1)}→${t}`).join(' ')}`);
  for (const line of disassembleLines(image)) {
    const bytes = [...line.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    io.out(`${line.blockStart ? '>' : ' '}${String(line.pc).padStart(6)}: ${bytes.padEnd(30)} ${line.text}`);
  }
}

/** Runs the command; returns the process exit status. */
export function disasmCommand(path: string, flags: { profile?: string; maxBlobSize?: string }, io: Io): number {
  const blob = readBlobFile(path, maxBlobSizeOf(flags.maxBlobSize));
  const profile = profileOf(flags.profile, blob);
  if (profile === 'gp') {
    const image = parseCode('gp', blob);
    if (!image.ok) throw new UsageError(`${path}: not a valid gp blob: ${image.error.message} [${image.error.class}]`);
    io.out(`gp program: ${image.value.code.length} code bytes`);
    listing(image.value, io);
    return 0;
  }
  const program = parseJarBlob(blob);
  if (!program.ok) throw new UsageError(`${path}: not a valid jar1 blob: ${program.error.message} [${program.error.class}]`);
  const p = program.value;
  io.out(`jar1 manifest: memory_pages ${p.memoryPages}, invoke cap ${p.invokeCap}, ${p.caps.length} caps`);
  for (const cap of p.caps) {
    if (cap.type === 'data') {
      io.out(`cap ${cap.slot} DATA: pages ${cap.basePage}..${cap.basePage + cap.pageCount - 1} ${cap.access === 'W' ? 'RW' : 'RO'}, ${cap.data.length} data bytes`);
      continue;
    }
    io.out(`cap ${cap.slot} CODE${cap.slot === p.invokeCap ? ' (invoked)' : ''}: ${cap.image.code.length} code bytes`);
    listing(cap.image, io);
  }
  return 0;
}
