/**
 * How the schema's abstract types (Node, Relation, RelationEnd) find an entity's object type:
 * every domain entity carries its GraphQL type name in `kind`. The type-graphql declarations name
 * it; the served schema calls it directly (./federation.ts), because type-graphql wraps it in an
 * async function, which costs a promise and a tick for every relation, end and node in an answer.
 */
export function typeOf(value: { kind: string }): string {
  return value.kind;
}
