import { CliError, EXIT } from './exit-codes.js';

// Node's timers take at most 2^31-1 ms (about 24.8 days): setTimeout with more warns and fires
// after 1 ms, so every duration flag has a maximum well below that.

const range = (min: number, max: number | undefined) =>
  max === undefined ? `>= ${min}` : `from ${min} to ${max}`;

/** A commander option parser for a whole number from `min` to `max`; anything else is invalid input (2). */
export const wholeNumber =
  (flag: string, min: number, max?: number) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || (max !== undefined && Number(value) > max))
      throw new CliError(`${flag}: "${value}" is not a whole number ${range(min, max)}`, EXIT.invalid);
    return Number(value);
  };

/** A parser for a number of seconds from `min` to `max` (fractions allowed). */
export const seconds =
  (flag: string, min: number, max: number) =>
  (value: string): number => {
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) < min || Number(value) > max)
      throw new CliError(`${flag}: "${value}" is not a number of seconds ${range(min, max)}`, EXIT.invalid);
    return Number(value);
  };

/** A commander option parser for a number above 0 (decimals allowed), such as a rate. */
export const positiveNumber =
  (flag: string) =>
  (value: string): number => {
    if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0)
      throw new CliError(`${flag}: "${value}" is not a number > 0`, EXIT.invalid);
    return Number(value);
  };
