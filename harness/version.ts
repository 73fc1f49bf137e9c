/** The kit's name and version, from its package.json (for `javm --version`, handshakes and findings). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './fuzz/regressions.js';

let cached: string | null = null;

/** The version string of package.json, e.g. "0.2.0". */
export function kitVersion(): string {
  if (cached === null) {
    try {
      cached = String((JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}

/** "javm-kit 0.2.0". */
export const kitName = (): string => `javm-kit ${kitVersion()}`;
