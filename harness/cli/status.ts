/** How a command's action hands back its exit status to the CLI (harness/cli/main.ts). */

/** The exit status of the action that ran; an asynchronous command (one that talks to a target process) leaves a promise of it. */
export interface Status {
  code: number;
  pending?: Promise<number>;
}

/** Stores a command's exit status, or the promise of it when the command is asynchronous. */
export function settle(status: Status, r: number | Promise<number>): void {
  if (typeof r === 'number') status.code = r;
  else status.pending = r;
}
