/** mulberry32: small, seeded, good enough to generate test strings reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that stress Go templates, YAML and JSON transport; joined at random. */
const PIECES = [
  '{{',
  '}}',
  '{{-',
  '-}}',
  '{{ ',
  ' }}',
  '{{{',
  '}}}',
  '{',
  '}',
  '{}',
  '}{',
  '{{}}',
  '}}{{',
  '`',
  '``',
  '"',
  "'",
  '\\',
  '\\"',
  '{{`x`}}',
  '{{"{{"}}',
  '{{ .Release.Name }}',
  '{{/* c */}}',
  '{{- /* trim */ -}}',
  '{{ "}}" }}',
  '$',
  '.Values',
  '|',
  '%s',
  '%',
  '-',
  ' - ',
  ': ',
  ' #',
  '#',
  '\n',
  '\n\n',
  '\t',
  '  ',
  ' ',
  'a',
  'dag_id',
  'é',
  'ß',
  '日本語',
  '🚀',
  '\u00a0',
  '\u2028',
  '<',
  '>',
  '&',
  '[',
  ']',
  ',',
  '*',
  '!',
  '?',
  '@',
  '~',
  'null',
  'true',
  '0x1F',
  '1e3',
  '---',
  '...',
];

/** A random string of up to `maxPieces` pieces. */
export function randomText(rand: () => number, maxPieces = 24): string {
  const n = Math.floor(rand() * (maxPieces + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)];
  return s;
}
