import type { CheckStatus, VerifyReport } from './types.js';

const MARK: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/** The report for a person: one row per check, its evidence indented under it, a closing line. */
export function formatReport(report: VerifyReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length));
  const lines = [
    `logstack verify: namespace ${report.namespace}${report.dagId ? `, DAG ${report.dagId}, run ${report.runId}` : ''}`,
    '',
    `${'STATUS'}  ${'CHECK'.padEnd(width)}  FINDING`,
  ];
  for (const c of report.checks) {
    lines.push(`${MARK[c.status].padEnd(6)}  ${c.id.padEnd(width)}  ${c.summary}`);
    for (const e of c.evidence) lines.push(`${' '.repeat(8 + width + 2)}- ${e}`);
  }
  const { pass, fail, skip } = report.counts;
  lines.push('', `${pass} passed, ${fail} failed, ${skip} skipped: ${report.ok ? 'OK' : 'FAILED'}`);
  return `${lines.join('\n')}\n`;
}

/** The report for CI: stable keys, every figure. */
export const reportJson = (report: VerifyReport) => `${JSON.stringify(report, null, 2)}\n`;
