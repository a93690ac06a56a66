import { CRON_ALLOWED, cronProblem } from './cron.js';
import type { EtlJobModel } from './generated/etl-job.js';
import type { ValueProblem } from './job-values.js';

/** Schedules the schema lets through but Airflow 3.1 refuses when it parses the DAG file. */
export function scheduleProblems(job: EtlJobModel): ValueProblem[] {
  const { schedule, maxActiveRuns } = job;
  if (schedule === '@continuous' && maxActiveRuns > 1)
    return [
      {
        pointer: '/maxActiveRuns',
        message: `Airflow's @continuous schedule allows 1 active run, not ${maxActiveRuns}`,
        allowed: 'maxActiveRuns: 1 (the default) with schedule "@continuous"',
      },
    ];
  if (typeof schedule !== 'string' || schedule.startsWith('@')) return [];
  const problem = cronProblem(schedule);
  return problem
    ? [
        {
          pointer: '/schedule',
          message: `Airflow refuses this cron expression: ${problem}`,
          allowed: `${CRON_ALLOWED}; or a preset (@hourly, @daily, @once, @continuous, ...), or null`,
        },
      ]
    : [];
}
