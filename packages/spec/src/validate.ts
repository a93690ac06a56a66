import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { closest, distance } from 'fastest-levenshtein';
import { byId as precompiled } from './generated/validators.js';
import { type SpecIssue, toPointer } from './issues.js';
import { LOGSTACK_SCHEMA_ID, readSchemas } from './schemas.js';
import type { SpecSource } from './source.js';

// ajv is only loaded for schemas without a precompiled validator (tests of the chart's schemas).
const requireHere = createRequire(import.meta.url);

let cached: Ajv2020 | undefined;

/**
 * One Ajv holding every schema under schemas/, so $refs between them resolve offline. Compiles at
 * run time; the spec and job validators come precompiled (generated/validators.js, built by
 * tools/gen-types.mjs with these same options).
 */
export function schemaRegistry(): Ajv2020 {
  if (cached) return cached;
  const { Ajv2020: Ajv } = requireHere('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // ajv-formats is CommonJS: its function is the default export.
  const addFormats = (requireHere('ajv-formats') as typeof import('ajv-formats')).default;
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    useDefaults: true,
    strict: true,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  for (const schema of readSchemas().values()) ajv.addSchema(schema);
  cached = ajv;
  return ajv;
}

/** Validator for a schema id (`https://airflow-logstack.dev/schemas/...`): precompiled when there is one. */
export function validatorFor(id: string): ValidateFunction {
  const fn = precompiled[id] ?? schemaRegistry().getSchema(id);
  if (!fn) throw new Error(`schema ${id} is not under schemas/`);
  return fn;
}

/** Validates (and fills in defaults of) `source.data` against a schema; returns every problem, located. */
export function validateAgainstSchema(source: SpecSource, id = LOGSTACK_SCHEMA_ID): SpecIssue[] {
  const validate = validatorFor(id);
  if (validate(source.data)) return [];
  const errors = dropNoise(validate.errors ?? []);
  return errors.map((e) => toIssue(source, e));
}

/** `if`/`anyOf` wrappers repeat what their branches already said. */
function dropNoise(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => !['if', 'anyOf', 'oneOf', 'allOf'].includes(e.keyword));
}

function valueAt(data: unknown, pointer: string): unknown {
  let node: unknown = data;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node && typeof node === 'object') node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node;
}

function describe(schema: unknown): string | undefined {
  return schema && typeof schema === 'object' && 'description' in schema
    ? String((schema as { description: unknown }).description)
    : undefined;
}

function toIssue(source: SpecSource, e: ErrorObject): SpecIssue {
  const base = { file: source.file, code: `schema.${e.keyword}` };
  const at = (pointer: string, key?: string) => ({
    pointer,
    ...source.locate(pointer, key ? { key } : undefined),
  });
  const value = valueAt(source.data, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const guess = known.length ? closest(key, known) : undefined;
      const near = guess !== undefined && distance(key, guess) <= Math.max(2, Math.floor(key.length / 3));
      const loc = at(e.instancePath, key);
      return {
        ...base,
        ...loc,
        pointer: toPointerJoin(e.instancePath, key),
        value: key,
        message: `unknown key "${key}"`,
        allowed: known.length ? known.join(', ') : 'no keys',
        ...(near ? { hint: `did you mean "${guess}"?` } : {}),
      };
    }
    case 'required': {
      const key = String(p.missingProperty);
      return {
        ...base,
        ...at(e.instancePath),
        pointer: toPointerJoin(e.instancePath, key),
        message: `missing required key "${key}"`,
        ...(describe((e.parentSchema as { properties?: Record<string, unknown> })?.properties?.[key])
          ? {
              allowed: describe(
                (e.parentSchema as { properties?: Record<string, unknown> }).properties?.[key],
              ),
            }
          : {}),
      };
    }
    case 'enum':
      return {
        ...base,
        ...at(e.instancePath),
        value,
        message: `${JSON.stringify(value)} is not an allowed value`,
        allowed: (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '),
      };
    case 'const':
      return {
        ...base,
        ...at(e.instancePath),
        value,
        message: `must be ${JSON.stringify(p.allowedValue)}`,
        allowed: JSON.stringify(p.allowedValue),
      };
    case 'type':
      return { ...base, ...at(e.instancePath), value, message: `must be ${p.type}`, allowed: `a ${p.type}` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return {
        ...base,
        ...at(e.instancePath),
        value,
        message: `${JSON.stringify(value)} is out of range`,
        allowed: `${p.comparison} ${p.limit}`,
        ...(describe(e.parentSchema) ? { hint: describe(e.parentSchema) } : {}),
      };
    case 'pattern':
    case 'format':
      return {
        ...base,
        ...at(e.instancePath),
        value,
        message:
          e.keyword === 'pattern'
            ? `does not have the required form ${p.pattern}`
            : `is not a valid ${p.format}`,
        allowed: describe(e.parentSchema) ?? String(p.pattern ?? p.format),
      };
    default:
      return { ...base, ...at(e.instancePath), value, message: e.message ?? e.keyword };
  }
}

function toPointerJoin(instancePath: string, key: string): string {
  return `${instancePath}${toPointer([key])}`;
}
