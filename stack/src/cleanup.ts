import type { ChildProcess } from 'node:child_process';

/** Server processes still running, signalled when this process exits. */
const running = new Set<ChildProcess>();
let hooked = false;

/** 'exit' handlers must be synchronous: a SIGTERM lets each server shut down on its own. */
function terminateAll(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}

/** Tracks a server process until it exits, so a crashed test run does not leave it behind. */
export function trackUntilExit(child: ChildProcess): void {
  if (!hooked) {
    process.once('exit', terminateAll);
    hooked = true;
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
}
