import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { VARIABLES } from '../../bridge/src/config/variables.js';
import { HELP } from '@sensorplus/simulator';
import { GRAFANA_DIR, PROMETHEUS_DIR, PROVISIONING_DIR, REPO_DIR, readYaml } from './support/files.js';

/**
 * docker-compose.yml, .env.example and bridge/Dockerfile, checked without a Docker engine: the
 * Compose Specification's JSON schema, then what the stack needs to start and to stay secret-free.
 */

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  restart?: string;
}

const COMPOSE_TEXT = readFileSync(join(REPO_DIR, 'docker-compose.yml'), 'utf8');
const compose = parse(COMPOSE_TEXT) as { services: Record<string, Service> };
const services = compose.services;
const ENV_EXAMPLE = readFileSync(join(REPO_DIR, '.env.example'), 'utf8');
const DOCKERFILE = readFileSync(join(REPO_DIR, 'bridge/Dockerfile'), 'utf8');

/** Active `NAME=value` lines of .env.example. */
function envExample(): Map<string, string> {
  return new Map(
    ENV_EXAMPLE.split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]),
  );
}

/** Compose's interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}, ${X?error}; $$ is a literal $. */
function interpolate(text: string, env: Map<string, string>): string {
  return text.replace(/\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g, (whole, name?: string, op?: string, arg?: string) => {
    if (whole === '$$') return '$';
    const value = env.get(name!);
    const unset = value === undefined || (op?.startsWith(':') === true && value === '');
    if (!unset) return value!;
    if (op?.endsWith('?')) throw new Error(`${name} is required: ${arg}`);
    return op?.endsWith('-') ? arg! : '';
  });
}

/** Every variable docker-compose.yml reads from .env, and whether it is required (`:?`). */
function composeVariables(): Map<string, boolean> {
  const found = new Map<string, boolean>();
  for (const m of COMPOSE_TEXT.replaceAll('$$', '').matchAll(/\$\{(\w+)(:?[-?])?/g)) found.set(m[1]!, (found.get(m[1]!) ?? false) || (m[2]?.endsWith('?') ?? false));
  return found;
}

describe('docker-compose.yml', () => {
  // Draft-07 (Ajv's default); the file names it by an https URI Ajv does not know, so that line goes.
  // strict: false because the schema uses the annotation keyword `deprecated` (not in draft-07).
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(join(PROVISIONING_DIR, 'test/schemas/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);

  it('is valid against the Compose Specification, as written and after interpolation from .env.example', () => {
    expect(validate(compose), ajv.errorsText(validate.errors)).toBe(true);
    const interpolated = parse(interpolate(COMPOSE_TEXT, envExample()));
    expect(validate(interpolated), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('the schema catches a broken file (the check can fail)', () => {
    expect(validate({ services: { bridge: { image: 'x', depends_on: { mosquitto: { condition: 'when_ready' } } } } })).toBe(false);
    expect(validate({ services: { bridge: { image: 'x', restart: 'no', healthcheck: { interval: 15 } } } })).toBe(false);
  });

  it('runs the whole stack from pinned images', () => {
    expect(Object.keys(services).sort()).toEqual(['bridge', 'grafana', 'influxdb', 'mosquitto', 'mosquitto-passwd', 'mysql', 'prometheus', 'simulator']);
    expect(services.mosquitto!.image).toBe('eclipse-mosquitto:2');
    expect(services.influxdb!.image).toBe('influxdb:1.8');
    expect(services.mysql!.image).toBe('mysql:8.4');
    expect(services.grafana!.image).toMatch(/^grafana\/grafana:1[23]\.\d+\.\d+$/);
    expect(services.prometheus!.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(services.bridge!.build).toEqual({ context: '.', dockerfile: 'bridge/Dockerfile' });
    expect(services.simulator!.image).toBe(services.bridge!.image);
    expect(services.simulator!.command?.[0]).toBe('simulate');
  });

  it('checks the health of every long-running service and starts them in order', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'mosquitto-passwd') expect(service.restart).toBe('no');
      else if (name === 'simulator') expect(service.healthcheck?.disable).toBe(true);
      else expect(service.healthcheck?.test?.length, name).toBeGreaterThan(0);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} → ${dependency}`).toBeDefined();
        const expected = dependency === 'mosquitto-passwd' ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: expected });
      }
    }
    expect(Object.keys(services.bridge!.depends_on!).sort()).toEqual(['influxdb', 'mosquitto', 'mysql']);
    expect(Object.keys(services.simulator!.depends_on!)).toEqual(['bridge']);
  });

  it('takes every credential from .env', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|TOKEN|SECRET|_URL$/.test(key) && !/ROOT_URL|^INFLUX_URL$|^MQTT_URL$/.test(key)) {
          expect({ service: name, key, fromEnv: /\$\{[A-Z_]+/.test(value) }).toEqual({ service: name, key, fromEnv: true });
        }
      }
    }
  });

  it('every variable it reads is listed in .env.example, every CHANGE_ME there is required by it', () => {
    const example = envExample();
    const used = composeVariables();
    for (const name of used.keys()) expect(example.has(name), `${name} missing from .env.example`).toBe(true);
    for (const [name, value] of example) if (value === 'CHANGE_ME' && !name.startsWith('GRAFANA_SMTP_')) expect(used.get(name), name).toBe(true);
  });

  it('gives Grafana every variable its provisioning files use', () => {
    const files = ['datasources/sensorplus.yaml', 'alerting/contact-points.yaml', 'alerting/notification-policies.yaml', 'dashboards/sensorplus.yaml'];
    const withoutComments = (f: string) => readFileSync(join(GRAFANA_DIR, f), 'utf8').replace(/^\s*#.*$/gm, '');
    const wanted = new Set(files.flatMap((f) => [...withoutComments(f).matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!)));
    expect(wanted.size).toBeGreaterThan(5);
    for (const name of wanted) expect(Object.keys(services.grafana!.environment!), name).toContain(name);
  });

  it('mounts the provisioning files and the panel plugin where Grafana and Prometheus read them', () => {
    expect(services.grafana!.volumes).toContain('./provisioning/grafana:/etc/grafana/provisioning:ro');
    expect(services.grafana!.volumes).toContain('./grafana-plugin/dist:/var/lib/grafana/plugins/sensorplus-building-panel:ro');
    expect(services.grafana!.environment!.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('sensorplus-building-panel');
    expect(services.prometheus!.volumes).toContain('./provisioning/prometheus:/etc/prometheus:ro');
    expect(services.mosquitto!.volumes).toContain('./mosquitto:/mosquitto/config:ro');
    expect(services.influxdb!.volumes).toContain('./provisioning/influxdb/init:/docker-entrypoint-initdb.d:ro');
    expect(services.mysql!.volumes).toContain('./provisioning/mysql/init:/docker-entrypoint-initdb.d:ro');
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./') && !source.endsWith('/dist')) expect(existsSync(join(REPO_DIR, source)), source).toBe(true);
      }
    }
  });

  it('Prometheus scrapes the bridge service on the port it listens on', () => {
    const config = readYaml<{ scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> }>(join(PROMETHEUS_DIR, 'prometheus.yml'));
    const job = config.scrape_configs.find((j) => j.job_name === 'sensorplus-bridge')!;
    expect(job.static_configs[0]!.targets).toEqual([`bridge:${services.bridge!.environment!.HTTP_PORT}`]);
  });

  it('configures the bridge and the simulator only with variables they know', () => {
    for (const key of Object.keys(services.bridge!.environment!)) expect(Object.keys(VARIABLES), key).toContain(key);
    for (const key of Object.keys(services.simulator!.environment!)) expect(HELP, key).toContain(key);
  });

  it('creates broker accounts the ACL knows, from .env', () => {
    const acl = readFileSync(join(REPO_DIR, 'mosquitto/acl'), 'utf8');
    const script = services['mosquitto-passwd']!.command!.join('\n');
    for (const user of ['bridge', 'simulator']) {
      expect(acl).toMatch(new RegExp(`^user ${user}$`, 'm'));
      expect(script).toMatch(new RegExp(`mosquitto_passwd -b "\\$\\$file" ${user} "\\$\\$MQTT_${user.toUpperCase()}_PASSWORD"`));
    }
  });
});

describe('bridge/Dockerfile', () => {
  const stages = [...DOCKERFILE.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gm)];
  const finalStage = DOCKERFILE.slice(DOCKERFILE.lastIndexOf('\nFROM '));

  it('is multi-stage and runs as an unprivileged user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).not.toMatch(/^USER root$/m);
    expect(finalStage).toMatch(/npm ci|COPY --from=deps/);
    expect(finalStage).not.toMatch(/npm ci(?!.*--omit=dev)/);
  });

  it('checks /health, exposes the admin port and runs the bridge or the simulator', () => {
    expect(finalStage).toMatch(/^HEALTHCHECK .*\n?.*\/health/m);
    expect(finalStage).toMatch(/^EXPOSE 8080$/m);
    // As the bridge's start script runs it, with the same Node flags (its heap limit).
    const start = (JSON.parse(readFileSync(join(REPO_DIR, 'bridge/package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(start).toMatch(/^node .*dist\/main\.js$/);
    expect(finalStage).toContain(`exec ${start.replace('dist/main.js', '/app/bridge/dist/main.js')} "$@"`);
    expect(finalStage).toContain('exec node /app/simulator/dist/cli.js');
    expect(existsSync(join(REPO_DIR, 'bridge/src/main.ts'))).toBe(true);
    expect(existsSync(join(REPO_DIR, 'simulator/src/cli.ts'))).toBe(true);
  });

  it('copies the manifest of every workspace before each npm ci, or npm ci refuses the lock file', () => {
    const workspaces = (JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    const manifests = DOCKERFILE.slice(DOCKERFILE.indexOf('AS manifests'), DOCKERFILE.indexOf('AS build'));
    for (const workspace of workspaces) expect(manifests, workspace).toContain(`COPY ${workspace}/package.json ${workspace}/`);
    for (const stage of ['build', 'deps']) expect(DOCKERFILE, stage).toMatch(new RegExp(`^FROM manifests AS ${stage}$`, 'm'));
  });

  it('.dockerignore keeps secrets and local state out of the build context', () => {
    const ignore = readFileSync(join(REPO_DIR, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', '**/node_modules', '**/.data', 'mosquitto', '.git']) expect(ignore).toContain(entry);
  });
});
