import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

/** Where the live view is built in this repository (`npm run build:live-view -w grafana-plugin`). */
export const BUILT_LIVE_VIEW_DIR = path.resolve(import.meta.dirname, '../../../../grafana-plugin/dist-live-view');

/**
 * The live building view: `/` is its page, `/live-view/*` its bundle, served from the built files
 * (no CDN: it works offline). Without a build the page says how to make one.
 */
export const liveViewRoutes: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  app.get('/', async (_request, reply) => {
    const page = path.join(dir, 'index.html');
    if (!fs.existsSync(page)) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The live view is not built: run \`npm run build:live-view -w grafana-plugin\` (npm start does) and reload.\nLooked in ${dir}.\n`);
    }
    return reply.type(TYPES['.html']!).header('cache-control', 'no-cache').send(fs.createReadStream(page));
  });

  app.get('/live-view/*', async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    const file = path.resolve(dir, name);
    if (!file.startsWith(`${path.resolve(dir)}${path.sep}`) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return reply.code(404).send({ error: 'not_found', message: `No file ${name} in the live view.` });
    }
    return reply
      .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('cache-control', 'no-cache')
      .send(fs.createReadStream(file));
  });
};
