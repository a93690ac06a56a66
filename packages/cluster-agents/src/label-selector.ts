const NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const PREFIX = '[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?';
const KEY = `(?:${PREFIX}/)?${NAME}`;
const VALUE = `(?:${NAME})?`;

const EXISTS = new RegExp(`^!?${KEY}$`);
const EQUALITY = new RegExp(`^${KEY}\\s*(?:=|==|!=)\\s*${VALUE}$`);
const SET = new RegExp(`^${KEY}\\s+(?:in|notin)\\s*\\(\\s*${VALUE}(?:\\s*,\\s*${VALUE})*\\s*\\)$`);

/** Splits on the commas between requirements, not those inside `in (...)` lists. */
function requirements(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out;
}

/**
 * The first requirement of a Kubernetes label selector (the syntax of `kubectl -l`) that is not
 * well formed, or undefined when every one is. An empty selector is invalid here: it would select
 * every pod of the node.
 */
export function invalidRequirement(selector: string): string | undefined {
  if (!selector.trim()) return selector;
  return requirements(selector).find((r) => !(EXISTS.test(r) || EQUALITY.test(r) || SET.test(r)));
}
