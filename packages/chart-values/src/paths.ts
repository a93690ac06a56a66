import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; this file sits one folder below packages/chart-values in src/ and dist/ alike. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The umbrella chart. */
export const chartDir = join(repoRoot, 'charts', 'airflow-logstack');
/** The schemas the chart's values.schema.json is bundled from. */
export const chartSchemasDir = join(repoRoot, 'schemas', 'chart');
