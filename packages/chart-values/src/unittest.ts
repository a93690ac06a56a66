import { chartDir } from './paths.js';
import { runTool, type ToolRun } from './tools.js';

/**
 * Runs every helm-unittest suite of the chart (tests/*_test.yaml) in one invocation.
 * helm-unittest renders the chart's own templates without its dependencies.
 */
export function runHelmUnittest(opts: { chart?: string; files?: string[] } = {}): ToolRun {
  const files = opts.files ?? ['tests/*_test.yaml'];
  return runTool('helm-unittest', [
    ...files.flatMap((f) => ['-f', f]),
    '--color=false',
    opts.chart ?? chartDir,
  ]);
}
