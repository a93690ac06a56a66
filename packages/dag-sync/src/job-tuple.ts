import type { SpecIssue, SpecSource } from '@logstack/spec';
import type { Node, Parser } from 'web-tree-sitter';
import { literalValue, NotLiteral, named, type Position, positionOf, setOwn } from './python-literal.js';

/**
 * The accepted shape, checked without running the file:
 *   JOB = ("job_id", "<schedule or None>", "module.path:function")
 *   JOB = ("job_id", "@daily", "module.path:function", {"retries": 2, "tags": ["orders"]})
 * at module level, every element a literal; the optional dict takes the keys of a job in
 * logstack-jobs.yaml (camelCase: retries, tags, operator, image, params, ...).
 */
export const TUPLE_FIELDS = ['id', 'schedule', 'entrypoint'] as const;

export interface TupleJob {
  /** The job as data, before validation against the job schema. */
  source: SpecSource;
  position: Position;
}

/** Reads the module-level JOB of one Python file. No JOB at all gives neither job nor issues. */
export function readJobTuple(
  parser: Parser,
  file: string,
  text: string,
): { job?: TupleJob; issues: SpecIssue[] } {
  const tree = parser.parse(text);
  if (!tree)
    return { issues: [issue(file, { line: 1, column: 1 }, 'python.parse', 'the file could not be parsed')] };
  try {
    const root = tree.rootNode;
    const assignments = named(root)
      .map((stmt) => (stmt.type === 'expression_statement' ? named(stmt)[0] : undefined))
      .filter((a): a is Node => a?.type === 'assignment' && a.childForFieldName('left')?.text === 'JOB');
    if (root.hasError) {
      const bad = firstError(root) ?? root;
      const what = bad.isMissing ? `missing ${bad.type}` : 'invalid syntax';
      return {
        issues: [
          issue(
            file,
            positionOf(bad),
            'python.syntax',
            `Python syntax error (${what}); the file's job is skipped`,
          ),
        ],
      };
    }
    if (assignments.length === 0) return { issues: [] };
    const [first, second] = assignments as [Node, Node | undefined];
    if (second)
      return { issues: [issue(file, positionOf(second), 'job.tuple', 'JOB is assigned more than once')] };
    return readAssignment(file, first);
  } finally {
    tree.delete();
  }
}

function readAssignment(file: string, assignment: Node): { job?: TupleJob; issues: SpecIssue[] } {
  const value = assignment.childForFieldName('right');
  const where = positionOf(assignment);
  if (!value) return { issues: [issue(file, where, 'job.tuple', 'JOB has no value')] };
  const inner = value.type === 'parenthesized_expression' ? (named(value)[0] ?? value) : value;
  if (inner.type !== 'tuple' && inner.type !== 'expression_list')
    return {
      issues: [
        issue(
          file,
          positionOf(value),
          'job.tuple',
          `JOB must be a tuple ("job_id", "schedule", "module:function"[, {options}]), not ${inner.type.replace(/_/g, ' ')}`,
        ),
      ],
    };
  const elements = named(inner);
  if (elements.length < 3 || elements.length > 4)
    return {
      issues: [
        issue(
          file,
          positionOf(inner),
          'job.tuple',
          `JOB has ${elements.length} elements; it takes 3 (job_id, schedule, entrypoint) and an optional dict of options`,
        ),
      ],
    };
  const positions = new Map<string, Position>();
  // Numbers as written (1.0 or 1), kept while the tree is alive: a float must stay a float.
  const numbers = new Map<string, string>();
  const record = (pointer: string, node: Node) => {
    positions.set(pointer, positionOf(node));
    if (['integer', 'float', 'unary_operator'].includes(node.type)) numbers.set(pointer, node.text);
  };
  try {
    const data: Record<string, unknown> = {};
    elements.slice(0, 3).forEach((el, i) => {
      const key = TUPLE_FIELDS[i] as string;
      data[key] = literalValue(el, `/${key}`, record);
    });
    const options = elements[3];
    if (options) {
      if (options.type !== 'dictionary')
        throw new NotLiteral(options, 'the 4th element of JOB must be a dict of options');
      const extra = literalValue(options, '', record) as Record<string, unknown>;
      for (const [k, v] of Object.entries(extra)) {
        if ((TUPLE_FIELDS as readonly string[]).includes(k))
          throw new NotLiteral(options, `"${k}" is set by the tuple itself; remove it from the options dict`);
        setOwn(data, k, v);
      }
    }
    const source: SpecSource = {
      file,
      data,
      locate: (pointer, opts) => nearest(positions, opts?.key ? `${pointer}/${opts.key}` : pointer) ?? where,
      textAt: (pointer) => numbers.get(pointer),
    };
    return { job: { source, position: where }, issues: [] };
  } catch (err) {
    if (!(err instanceof NotLiteral)) throw err;
    return { issues: [issue(file, positionOf(err.node), 'job.not-literal', err.message)] };
  }
}

/** The position recorded for the pointer, or for its closest recorded parent. */
function nearest(positions: Map<string, Position>, pointer: string): Position | undefined {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const hit = positions.get(p);
    if (hit) return hit;
    if (p === '') return undefined;
  }
}

function firstError(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) return firstError(child) ?? child;
  }
  return undefined;
}

function issue(file: string, at: Position, code: string, message: string): SpecIssue {
  return { code, file, pointer: '', line: at.line, column: at.column, message };
}
