import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { BridgeError } from '../errors.js';
import { isIdentifier } from '../pipeline/identifiers.js';
import { crossProfileProblem, fileProblem, type Problem } from './checks.js';
import type { ProfileFile } from './file.js';
import { fromFile } from './file.js';
import type { Profile } from './types.js';

/** The profiles that ship with the bridge (bridge/profiles), found from this module in src/ and dist/ alike. */
export const SHIPPED_PROFILES_DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));

const SCHEMA_FILE = path.join(SHIPPED_PROFILES_DIR, 'profile.schema.json');
const PROFILE_FILE = /^(?!.*\.schema\.json$).+\.(ya?ml|json)$/;

/** A profile file the bridge cannot use: one line naming the file, the place inside it and the problem. */
export class ProfileError extends BridgeError {
  constructor(file: string, problem: Problem) {
    super('SP_ERR_PROFILE', `${shown(file)}: ${problem.at}: ${problem.message}`);
  }
}

let validateFile: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } | undefined;

/** Every profile file of `dir` (`*.yaml`, `*.yml`, `*.json`, in name order), checked; throws a ProfileError at the first problem. */
export function loadProfiles(dir: string = SHIPPED_PROFILES_DIR): Profile[] {
  const files = readFolder(dir);
  const profiles = files.map((file) => readProfileFile(file));
  for (const [i, profile] of profiles.entries()) {
    const problem = crossProfileProblem(profile, profiles.slice(0, i));
    if (problem) throw new ProfileError(profile.file, problem);
  }
  return profiles;
}

/** One profile file, checked against the schema and the rules the schema cannot state. */
export function readProfileFile(file: string): Profile {
  const name = path.basename(file).replace(/\.(ya?ml|json)$/, '');
  if (!isIdentifier(name)) {
    throw new ProfileError(file, { at: '(file name)', message: `"${name}" is not an identifier: the file name becomes the profile's name` });
  }
  const data = parseFile(file);
  validateFile ??= new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
  if (!validateFile(data)) throw new ProfileError(file, describeSchemaError(validateFile.errors?.[0]));
  const problem = fileProblem(data as ProfileFile);
  if (problem) throw new ProfileError(file, problem);
  return deepFreeze(fromFile(name, file, data as ProfileFile));
}

function readFolder(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    throw new ProfileError(dir, { at: '(folder)', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
  }
  const files = names.filter((n) => PROFILE_FILE.test(n)).sort().map((n) => path.join(dir, n));
  if (files.length === 0) throw new ProfileError(dir, { at: '(folder)', message: 'holds no profile file (*.yaml, *.yml or *.json)' });
  return files;
}

function parseFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProfileError(file, { at: '(file)', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    // Parsers write several lines (an excerpt of the file); the first one names the problem and its position.
    const firstLine = ((error as Error).message ?? String(error)).split('\n')[0]!.replace(/:$/, '');
    throw new ProfileError(file, { at: '(syntax)', message: firstLine });
  }
}

/** Patterns of the schema, as a person would state them. */
const PATTERN_WORDS: Record<string, string> = {
  identifier: 'an identifier: 1–64 characters from letters, digits, "_", ".", ":" and "-", starting with a letter or digit',
  name: 'lower_snake_case: a-z, 0-9 and "_", starting with a letter',
  levelName: 'the name of a topic level: letters, digits and "_", starting with a letter',
  path: 'a payload key, or a dotted path such as a.b.c',
  topicPattern: 'a topic without wildcards (+, #) or spaces, such as site/{device}/telemetry',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
};

function describeSchemaError(error: ErrorObject | undefined): Problem {
  if (!error) return { at: '(top level)', message: 'is not a valid profile' };
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  const at = toPath(error.instancePath, propertyName);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { at, message: `unknown key "${String(params.additionalProperty)}"` };
    case 'required':
      return { at, message: `"${String(params.missingProperty)}" is required` };
    case 'type':
      return { at, message: `must be ${String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}` };
    case 'enum':
      return { at, message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'pattern': {
      const definition = /#\/definitions\/(\w+)\//.exec(error.schemaPath)?.[1] ?? (error.instancePath.endsWith('/measurement') ? 'identifier' : '');
      const words = PATTERN_WORDS[definition];
      return { at, message: words ? `must be ${words}` : (error.message ?? 'is invalid') };
    }
    case 'minItems':
    case 'maxItems':
      return { at, message: itemCount(error, params.limit as number) };
    case 'minProperties':
      return { at, message: `must have at least ${String(params.limit)} ${params.limit === 1 ? 'entry' : 'entries'}` };
    case 'uniqueItems':
      return { at, message: 'must not repeat an item' };
    case 'not':
      return { at, message: 'must not be 0' };
    case 'exclusiveMinimum':
      return { at, message: `must be greater than ${String(params.limit)}` };
    case 'minimum':
      return { at, message: `must be at least ${String(params.limit)}` };
    case 'maximum':
      return { at, message: `must be at most ${String(params.limit)}` };
    case 'minLength':
      return { at, message: params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long` };
    case 'maxLength':
      return { at, message: `must be at most ${String(params.limit)} characters long` };
    default:
      return { at, message: error.message ?? 'is invalid' };
  }
}

/** A pair (range, plausible band) has exactly two items; other lists have a minimum or a maximum. */
function itemCount(error: ErrorObject, limit: number): string {
  if (/\/definitions\/pair\//.test(error.schemaPath)) return 'must have 2 items';
  const items = `${limit} item${limit === 1 ? '' : 's'}`;
  return error.keyword === 'minItems' ? `must have at least ${items}` : `must have at most ${items}`;
}

/** `/fields/power_w/range` → `fields.power_w.range`; `/units/0/scale` → `units[0].scale`. */
export function toPath(pointer: string, propertyName?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (propertyName !== undefined) parts.push(propertyName);
  if (parts.length === 0) return '(top level)';
  return parts.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

/** A path relative to the working folder when it is inside it, so the line reads like `bridge/profiles/x.yaml`. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
