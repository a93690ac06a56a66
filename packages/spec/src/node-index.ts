import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';

type Ranged = Node & { range: [number, number, number] };

/**
 * Finds document nodes by path in constant time per step. The yaml library's own lookups scan a
 * mapping's pairs one by one, so locating every key of a mapping with n keys cost n² steps; here
 * each mapping is indexed once, on first use.
 */
export class NodeIndex {
  private readonly maps = new WeakMap<YAMLMap, Map<string, { key: unknown; value: unknown }>>();

  constructor(private readonly doc: Document) {}

  /** The deepest node on `path` that exists; `complete` when it is the node at `path` itself. */
  deepest(path: string[]): { node: Ranged; complete: boolean } | undefined {
    let node = this.doc.contents as unknown;
    let found: Ranged | undefined = hasRange(node) ? node : undefined;
    for (const [i, part] of path.entries()) {
      node = this.child(node, part);
      if (node === undefined) return found && { node: found, complete: false };
      if (hasRange(node)) found = node;
      else if (i === path.length - 1) return found && { node: found, complete: false };
    }
    return found && { node: found, complete: true };
  }

  /** The scalar node at `path`, if that is what is there. */
  scalarAt(path: string[]): Scalar | undefined {
    let node = this.doc.contents as unknown;
    for (const part of path) node = this.child(node, part);
    if (isAlias(node)) node = node.resolve(this.doc);
    return isScalar(node) ? node : undefined;
  }

  /** Where the key `key` of a mapping node is written. */
  keyRange(node: unknown, key: string): [number, number, number] | undefined {
    if (!isMap(node)) return undefined;
    const pairKey = this.pairs(node).get(key)?.key;
    return isScalar(pairKey) ? (pairKey.range ?? undefined) : undefined;
  }

  private child(parent: unknown, part: string): unknown {
    // Through an alias to its anchored node: `params: *p` holds what `&p` holds.
    const node = isAlias(parent) ? parent.resolve(this.doc) : parent;
    if (isMap(node)) return this.pairs(node).get(part)?.value;
    if (isSeq(node)) return /^(0|[1-9][0-9]*)$/.test(part) ? node.items[Number(part)] : undefined;
    return undefined;
  }

  private pairs(map: YAMLMap): Map<string, { key: unknown; value: unknown }> {
    let index = this.maps.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (!index.has(key)) index.set(key, pair); // a repeated key is reported as a syntax error
      }
      this.maps.set(map, index);
    }
    return index;
  }
}

const hasRange = (node: unknown): node is Ranged =>
  !!node && typeof node === 'object' && Array.isArray((node as { range?: unknown }).range);
