import { toYaml } from '@logstack/artifact';
import { escapeForTplPasses } from '@logstack/helm-escape';

type Splice =
  | { kind: 'inline'; text: (indent: number) => string }
  | { kind: 'items'; lines: (indent: number) => string[] };

/**
 * Builds YAML text that mixes escaped data with raw Helm template code: the data is written as
 * plain objects with placeholder tokens where template code goes, serialised, escaped for the
 * tpl passes it will meet, and only then are the tokens replaced by the raw template code.
 */
export class TemplateText {
  private readonly splices = new Map<string, Splice>();

  private token(s: Splice): string {
    const t = `LOGSTACKTPL${this.splices.size}X`;
    this.splices.set(t, s);
    return t;
  }

  /**
   * A scalar written as template code, for example `{{ .Release.Name }}`; as a function of the
   * line's indentation when the code writes a YAML block of its own.
   */
  inline(code: string | ((indent: number) => string)): string {
    return this.token({ kind: 'inline', text: typeof code === 'string' ? () => code : code });
  }

  /** A mapping value rendered as a YAML block by `expr`, for example `toYaml .Values.x`. */
  block(expr: string): string {
    return this.token({ kind: 'inline', text: (indent) => `{{- ${expr} | nindent ${indent + 2} }}` });
  }

  /**
   * Zero or more list items produced by template code, written at the list's indentation; as a
   * function of it when the code indents what it writes (`nindent`).
   */
  items(lines: string[] | ((indent: number) => string[])): string {
    return this.token({ kind: 'items', lines: Array.isArray(lines) ? () => lines : lines });
  }

  render(data: unknown, passes: number): string {
    const text = escapeForTplPasses(toYaml(data), passes);
    return text
      .split('\n')
      .map((line) => {
        const token = /LOGSTACKTPL\d+X/.exec(line)?.[0];
        if (!token) return line;
        const splice = this.splices.get(token)!;
        const indent = line.length - line.trimStart().length;
        if (splice.kind === 'inline') return line.replace(token, splice.text(indent));
        if (line.trim() !== `- ${token}`) throw new Error(`list splice ${token} is not a list item: ${line}`);
        return splice
          .lines(indent)
          .map((l) => `${' '.repeat(indent)}${l}`)
          .join('\n');
      })
      .join('\n');
  }
}
