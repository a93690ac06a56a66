/** A POSIX shell single-quoted word. */
export const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
