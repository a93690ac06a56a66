export {
  chartFiles,
  checkovExceptions,
  checkovSubchartExceptions,
  DEFAULT_SPEC,
  defaultModel,
  defaultValueBlocks,
} from './chart-files.js';
export { fragmentSources } from './fragments.js';
export { chartValuesArtifacts, chartValuesChecks, VALUES_FILE } from './generator.js';
export { fillGeneratedBlocks, generatedBlockNames } from './markers.js';
export { chartDir, chartSchemasDir, repoRoot } from './paths.js';
export { documentedValues, type ValueDoc, valuesTables } from './readme.js';
export {
  countByKind,
  FullChart,
  fullChartCopy,
  HelmError,
  helmTemplateOwn,
  type K8sObject,
  lintOwnTemplates,
  OWN_TEMPLATES_NOTE,
  ownTemplatesCopy,
  parseManifests,
  type RenderOptions,
  renderFullChart,
  renderOwnTemplates,
  subchartSourceNote,
} from './render.js';
export {
  MASKED_VALUE,
  maskRandomAtRender,
  RANDOM_AT_RENDER,
  type RandomAtRender,
} from './render-differences.js';
export {
  CI_SCENARIOS,
  type CiScenario,
  ciScenarioModel,
  ciValuesFiles,
  ciValuesPath,
  type RenderScenario,
  renderScenarios,
} from './scenarios.js';
export { bundleChartSchema } from './schema.js';
export { SUBCHARTS, type Subchart, subchartKeySchema, upstreamChartsDir } from './subchart-keys.js';
export {
  dependencyNames,
  findSubcharts,
  type SubchartPackage,
  type SubchartSource,
  SubchartsMissing,
} from './subcharts.js';
export {
  findTool,
  HELM_MAJORS,
  type HelmMajor,
  mapLimit,
  runTool,
  runToolAsync,
  ToolMissing,
  type ToolRun,
} from './tools.js';
export { runHelmUnittest } from './unittest.js';
export { CHART_NAMES, chartValues, combineFragments, mergeValues } from './values.js';
