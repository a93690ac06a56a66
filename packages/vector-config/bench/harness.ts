/**
 * verel compiles the program on every execute() call, while Vector compiles a remap program once.
 * To measure the program's own cost, the harness runs the same statements over a batch of events in
 * one call: the program's event paths become the closure's `ev`, its rebuilt event the closure's result.
 */
const EVENT_PATH = /(?<![\w.)\]\\])\.(message|file|timestamp|host|parse_error|truncated)\b/g;

export function batchProgram(program: string): string {
  const body = program
    .replace(/^\. = \{/m, 'out = {')
    .replace(/^if parse_error != null \{ \.parse_error = /m, 'if parse_error != null { out.parse_error = ')
    .replace(/^if truncated \{ \.truncated = true \}/m, 'if truncated { out.truncated = true }')
    .replace(EVENT_PATH, 'ev.$1');
  return `.events = map_values(array!(.events)) -> |ev| {\n${body}\nout\n}\n`;
}
