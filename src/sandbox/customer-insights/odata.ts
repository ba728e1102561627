/** OData entity addressing as the hub data API uses it: `Set('id')`, `Set(Key='v')`, `Set(K1='a',K2='b')`. */

export type EntityKey = { kind: "id"; value: string } | { kind: "alternate"; values: Record<string, string> };

export interface EntityAddress {
  entitySet: string;
  key: EntityKey;
}

/** Parses one decoded path segment; null when it is not `Name(<key>)` with well-formed literals. */
export function parseEntityAddress(segment: string): EntityAddress | null {
  const match = /^([A-Za-z][A-Za-z0-9_]*)\((.*)\)$/s.exec(segment);
  if (!match) return null;
  const entitySet = match[1]!;
  const inner = match[2]!;
  const single = readLiteral(inner, 0);
  if (single && single.end === inner.length) return { entitySet, key: { kind: "id", value: single.value } };

  // Null-prototype: the names are the URL's (`toString=…` is a name, not a method).
  const values = Object.create(null) as Record<string, string>;
  let pos = 0;
  while (pos < inner.length) {
    const name = /^\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*/.exec(inner.slice(pos));
    if (!name) return null;
    pos += name[0].length;
    const literal = readLiteral(inner, pos);
    if (!literal || name[1]! in values) return null;
    values[name[1]!] = literal.value;
    pos = literal.end;
    const rest = /^\s*(,|$)\s*/.exec(inner.slice(pos));
    if (!rest) return null;
    pos += rest[0].length;
  }
  return Object.keys(values).length > 0 ? { entitySet, key: { kind: "alternate", values } } : null;
}

/** A single-quoted OData string starting at `pos` ('' is an escaped quote). */
function readLiteral(text: string, pos: number): { value: string; end: number } | null {
  if (text[pos] !== "'") return null;
  let value = "";
  let i = pos + 1;
  while (i < text.length) {
    if (text[i] === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += text[i];
    i++;
  }
  return null;
}

/** `RelationshipType eq 'X'`, the one $filter the relationship list documents. */
export function parseTypeFilter(filter: string): string | null {
  const match = /^\s*RelationshipType\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(filter);
  return match ? match[1]!.replace(/''/g, "'") : null;
}
