import { VARIABLES, type VariableSpec } from './variables.js';

const variables = () => Object.entries(VARIABLES) as Array<[string, VariableSpec]>;

/** The README's configuration table, generated from VARIABLES so the two never drift. */
export function renderConfigTable(): string {
  const rows = variables().map(([name, spec]) => {
    const fallback = spec.default === undefined || spec.default === '' ? '—' : `\`${String(spec.default)}\``;
    return `| \`${name}\` | ${fallback} | ${spec.secret ? '**Secret** (never logged). ' : ''}${spec.description} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The commented-out block at the end of .env.example: every variable with its default (a placeholder for secrets). */
export function renderEnvExample(): string {
  return variables()
    .flatMap(([name, spec]) => [`# ${spec.description}`, `# ${name}=${spec.secret ? 'change-me' : String(spec.default ?? '')}`])
    .join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.stdout.write(`${process.argv.includes('--env') ? renderEnvExample() : renderConfigTable()}\n`);
}
