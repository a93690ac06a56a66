import type { SemanticCheck } from '@logstack/spec';
import { intervalToCron } from './chart-values.js';

const hasCronSchedule = (interval: string) => {
  try {
    intervalToCron(interval);
    return true;
  } catch {
    return false;
  }
};

// Asked of intervalToCron itself, so the list cannot drift from what the chart values accept;
// built only for the error message, not at every start-up.
const cronIntervals = () =>
  [
    ...Array.from({ length: 59 }, (_, i) => `${i + 1}m`),
    ...Array.from({ length: 24 }, (_, i) => `${i + 1}h`),
  ].filter(hasCronSchedule);

/** mode cronJob turns dagSync.interval into a cron schedule, which only repeats by the hour or the day. */
const cronInterval: SemanticCheck = (model) => {
  const { mode, interval } = model.dagSync;
  if (mode !== 'cronJob' || hasCronSchedule(interval)) return [];
  return [
    {
      code: 'dagSync.interval-not-cron',
      pointer: '/dagSync/interval',
      value: interval,
      message: `a CronJob cannot run every ${interval}: a cron schedule repeats within an hour or a day, so the interval must divide one evenly`,
      allowed: `whole minutes that divide an hour or whole hours that divide a day: ${cronIntervals().join(', ')} (or the same period in other units, such as 60s or 120m)`,
      hint: 'pick the nearest allowed interval, or use mode: sidecar, which loops at any interval',
    },
  ];
};

/** Semantic checks of dagSync beyond the schema. */
export const dagSyncChecks: SemanticCheck[] = [cronInterval];
