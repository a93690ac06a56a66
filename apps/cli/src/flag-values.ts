import { CliError, EXIT } from './exit-codes.js';

/** A commander option parser for a whole number of at least `min`; anything else is invalid input (2). */
export const wholeNumber =
  (flag: string, min: number) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new CliError(`${flag}: "${value}" is not a whole number >= ${min}`, EXIT.invalid);
    return Number(value);
  };
