import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.md': 'text/markdown',
};

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

/** Serves URL prefixes from directories on 127.0.0.1 and a free port; nothing outside them. */
export async function serveStatic(mounts: Record<string, string>): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = resolveFile(mounts, pathname);
    if (!file) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function resolveFile(mounts: Record<string, string>, pathname: string): string | undefined {
  const prefix = Object.keys(mounts)
    .sort((a, b) => b.length - a.length)
    .find((candidate) => pathname === candidate || pathname.startsWith(candidate.endsWith('/') ? candidate : `${candidate}/`));
  if (prefix === undefined) {
    return undefined;
  }
  const base = path.resolve(mounts[prefix]!);
  const rest = pathname.slice(prefix.length);
  const target = path.resolve(base, `.${rest.startsWith('/') ? rest : `/${rest}`}`);
  if (target !== base && !target.startsWith(`${base}${path.sep}`)) {
    return undefined;
  }
  return fs.existsSync(target) && fs.statSync(target).isFile() ? target : undefined;
}
