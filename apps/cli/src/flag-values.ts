import { CliError, EXIT } from './exit-codes.js';

/** A commander option parser for a whole number of at least `min`; anything else is invalid input (2). */
export const wholeNumber =
  (flag: string, min: number) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new CliError(`${flag}: "${value}" is not a whole number >= ${min}`, EXIT.invalid);
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
