import type { Generator } from '@logstack/artifact';
import type { LogstackModel, SemanticCheck } from '@logstack/spec';

export { SIDECAR_LAYOUT } from './layout.js';

// Placeholder wired into apps/cli/src/generators.ts; the package's owner replaces it.
export const vectorConfigArtifacts: Generator<LogstackModel> = () => [];
export const vectorConfigChecks: SemanticCheck[] = [];
