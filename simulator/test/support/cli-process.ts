/** The CLI as a user runs it (`src/cli.ts` through tsx), for end-to-end tests. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestBroker } from './broker.js';

const SIMULATOR_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  result: Promise<{ code: number | null; stdout: string; stderr: string }>;
  output(): string;
}

/**
 * Starts the CLI with the broker's simulator account and no MQTT settings from the caller's
 * environment; `result` resolves with its exit code and output.
 */
export function startCli(broker: TestBroker, args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const { username, password } = broker.simulator;
  const childEnv = { ...process.env, MQTT_URL: '', MQTT_USERNAME: '', MQTT_PASSWORD: '', SIM_MQTT_USERNAME: username, SIM_MQTT_PASSWORD: password, ...env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: SIMULATOR_DIR, env: childEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, result, output: () => stdout };
}
