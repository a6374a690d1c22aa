import { VARIABLES, type VariableSpec } from './variables.js';

/** The README's configuration table, generated from VARIABLES so the two never drift. */
export function renderConfigTable(): string {
  const rows = (Object.entries(VARIABLES) as Array<[string, VariableSpec]>).map(([name, spec]) => {
    const fallback = spec.default === undefined || spec.default === '' ? '—' : `\`${String(spec.default)}\``;
    return `| \`${name}\` | ${fallback} | ${spec.secret ? '**Secret** (never logged). ' : ''}${spec.description} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  process.stdout.write(`${renderConfigTable()}\n`);
}
