/**
 * A campaign worker thread: runs one campaign loop (its own stream of seeds) and reports progress,
 * failures and the end through its message port. Loaded from the compiled dist/ JS by the driver.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { runLoop } from './campaign.js';
import type { Focus } from './cases.js';
import { enginesFor } from './pair.js';

export interface WorkerInput {
  readonly port: MessagePort;
  /** 0 run on; 1 stop after this round (another loop found a divergence); 2 stop now (SIGINT/SIGTERM). */
  readonly stop: Int32Array;
  readonly engines: string;
  readonly mutant: string | null;
  readonly foci: readonly Focus[];
  readonly seed: number;
  readonly stream: number;
  readonly timeMs: number;
  readonly runs: number;
  readonly stepwiseEvery: number;
  readonly keepGoing: boolean;
}

const input = workerData as WorkerInput;
const { port } = input;
try {
  const { engines } = enginesFor(input.engines, input.mutant);
  runLoop({
    engines, foci: input.foci, seed: input.seed, stream: input.stream, timeMs: input.timeMs, runs: input.runs,
    stepwiseEvery: input.stepwiseEvery, keepGoing: input.keepGoing,
    shouldStop: () => Atomics.load(input.stop, 0) !== 0,
    shouldAbort: () => Atomics.load(input.stop, 0) === 2, // an interrupt: the rest of the round passes unrun
    onProgress: (p) => port.postMessage({ type: 'progress', progress: p }),
    onFailure: (f) => port.postMessage({ type: 'failure', failure: f }),
  });
  port.postMessage({ type: 'done' });
} catch (e) {
  port.postMessage({ type: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
}
