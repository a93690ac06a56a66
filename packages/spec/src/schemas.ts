import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's schemas/ folder; this file sits one folder below packages/spec in src/ and dist/ alike. */
export const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export const LOGSTACK_SCHEMA_ID = 'https://airflow-logstack.dev/schemas/logstack.schema.json';

/** Every schema under schemas/ (the spec's sections in schemas/spec/ too), parsed, keyed by file. */
export function readSchemas(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.schema.json'))
        out.set(`${prefix}${entry.name}`, JSON.parse(readFileSync(join(dir, entry.name), 'utf8')));
    }
  };
  walk(schemasDir, '');
  return out;
}
