/**
 * Checks a 5-field cron expression the way Airflow 3.1 does (croniter): what croniter refuses,
 * Airflow refuses as an import error of the DAG file. npm's cron parsers refuse expressions croniter
 * takes (wrap-around ranges like 22-2 or sat-mon), so this small checker follows croniter instead;
 * test/airflow-schedules.test.ts compares the two on a list of expressions.
 */

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 7, names: WEEKDAYS },
];
const [, , DAY_OF_MONTH, , DAY_OF_WEEK] = FIELDS as [Field, Field, Field, Field, Field];

export const CRON_ALLOWED =
  '5 fields separated by spaces: minute 0-59, hour 0-23, day of month 1-31, month 1-12 or jan-dec, ' +
  'day of week 0-7 or sun-sat; each *, a value, a range a-b (may wrap, 22-2), a step */n, a/n or a-b/n, ' +
  'or a comma-separated list of those; also L and nW in day of month, d#n (n 1-5) and Ld in day of week';

/** Why Airflow would refuse `expr`, or undefined when it accepts it. */
export function cronProblem(expr: string): string | undefined {
  // croniter splits on ASCII whitespace only; a no-break space does not separate fields.
  const parts = expr.trim().split(/[ \t\n\r\f\v]+/);
  if (parts.length !== 5) return `a cron expression has 5 fields, not ${parts.length}`;
  for (const [i, field] of FIELDS.entries()) {
    const text = (parts[i] as string).toLowerCase();
    const problem = fieldProblem(field, text);
    if (problem) return `${field.name} field "${parts[i]}": ${problem}`;
  }
  return undefined;
}

function fieldProblem(field: Field, text: string): string | undefined {
  if (text === '?')
    return field === DAY_OF_MONTH || field === DAY_OF_WEEK
      ? undefined
      : '? is only allowed in day of month and day of week';
  const items = text.split(',');
  if (items.some((item) => item === '')) return 'a list has an empty entry';
  if (field === DAY_OF_MONTH && items.length > 1 && items.some((item) => /w/.test(item)))
    return 'nW (nearest weekday) must be the whole field';
  if (field === DAY_OF_WEEK) {
    const special = items.filter((item) => /[#l]/.test(item)).length;
    if (special > 0 && special < items.length) return 'd#n and Ld cannot be mixed with plain days in a list';
  }
  for (const item of items) {
    const problem = itemProblem(field, item);
    if (problem) return problem;
  }
  return undefined;
}

function itemProblem(field: Field, item: string): string | undefined {
  if (field === DAY_OF_MONTH) {
    if (item === 'l') return undefined;
    const nearest = /^(?:(\d+)w|w(\d+))$/.exec(item);
    if (nearest) return valueProblem(field, nearest[1] ?? (nearest[2] as string));
  }
  if (field === DAY_OF_WEEK) {
    const nth = /^([^#]+)#(\d+)$/.exec(item);
    if (nth) {
      const n = Number(nth[2]);
      return n < 1 || n > 5
        ? `#${nth[2]}: the occurrence must be 1-5`
        : valueProblem(field, nth[1] as string);
    }
    const last = /^l(\d+)$/.exec(item);
    if (last) return valueProblem(field, last[1] as string);
  }
  const [base, step, ...extra] = item.split('/');
  if (extra.length) return `"${item}" has more than one /`;
  if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" is not a number`;
  if (step !== undefined && Number(step) === 0) return 'a step of 0 never advances';
  if (base === '*') return undefined;
  const range = (base as string).split('-');
  if (range.length > 2) return `"${base}" is not a value or a range a-b`;
  if (range.includes('')) return `"${base}" needs a value on each side of - (no negative numbers)`;
  const [low, high] = range as [string, string | undefined];
  // "20-L" is croniter's spelling of the 20th to the last day of the month.
  const lastDay = high === 'l' && field === DAY_OF_MONTH;
  return valueProblem(field, low) ?? (high === undefined || lastDay ? undefined : valueProblem(field, high));
}

function valueProblem(field: Field, token: string): string | undefined {
  if (field.names?.includes(token)) return undefined;
  if (!/^\d+$/.test(token))
    return `"${token}" is not a number${field.names ? ` or a name (${field.names[0]}-${field.names.at(-1)})` : ''}`;
  const n = Number(token);
  return n < field.min || n > field.max ? `${token} is out of range ${field.min}-${field.max}` : undefined;
}
