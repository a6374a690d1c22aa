import { createServer } from 'node:net';

/** Ports this process already handed out, so two servers started together never get the same one. */
const handedOut = new Set<number>();

/** Binds 127.0.0.1:port for a moment; resolves the bound port, or undefined if it is taken. */
function tryBind(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(undefined));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      probe.close(() => resolve(bound));
    });
  });
}

/**
 * The preferred port if it is free on 127.0.0.1, else a free ephemeral one.
 * The port is free when checked; the server that uses it should bind soon after.
 */
export async function findFreePort(preferred?: number): Promise<number> {
  if (preferred !== undefined && preferred > 0) {
    const port = await tryBind(preferred);
    if (port !== undefined) {
      handedOut.add(port);
      return port;
    }
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tryBind(0);
    if (port !== undefined && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('Could not find a free TCP port on 127.0.0.1');
}
