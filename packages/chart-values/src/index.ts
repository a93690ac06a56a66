import type { Generator } from '@logstack/artifact';
import type { LogstackModel, SemanticCheck } from '@logstack/spec';

// Placeholder wired into apps/cli/src/generators.ts; the package's owner replaces it.
export const chartValuesArtifacts: Generator<LogstackModel> = () => [];
export const chartValuesChecks: SemanticCheck[] = [];
