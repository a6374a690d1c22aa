import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `maxLines` lines of a log file (at most the last 8 KB), or a note when it cannot be read. */
export function tailFile(file: string, maxLines = 30): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, 8192);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').trimEnd().split('\n');
    return lines.slice(-maxLines).join('\n');
  } catch (error) {
    return `(could not read ${file}: ${(error as Error).message})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An error message followed by the tail of the server's log, so a failed start explains itself. */
export function withLogTail(message: string, logFile: string): string {
  return `${message}\n--- last lines of ${logFile} ---\n${tailFile(logFile)}\n--- end of log ---`;
}
