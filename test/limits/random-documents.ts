import { encodeId } from "../../src/domain/ids.js";
import { ACCOUNT_CONTOSO } from "../../src/sandbox/customer-insights/index.js";
import { HIGHLEVEL_DEMO as hl } from "../../src/sandbox/highlevel/index.js";

/**
 * Random GraphQL documents over the gateway's read schema, from a seed (the same seed gives the
 * same documents): fields at every level, relation lists with literal or variable page sizes,
 * aliases, inline fragments, named fragments spread (into each other too, and more than once),
 * global ids from variables. They are valid against the schema; whether they fit the limits is
 * for the server to say. The sandboxes' demo data makes them call real vendors.
 */

/** mulberry32: a small, well-mixed 32-bit PRNG; no dependency. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Shape = "Query" | "Contact" | "Person" | "Profile" | "Record" | "Relation" | "ContactRelation" | "RelationEnd" | "Connection" | "Node";
/** The fragment types a selection on a shape may spread (their possible types overlap). */
const SPREADABLE: Record<Shape, readonly Shape[]> = {
  Query: [],
  Contact: ["Contact", "RelationEnd"],
  Person: ["Person", "RelationEnd"],
  Profile: ["Profile", "RelationEnd"],
  Record: ["Record", "RelationEnd"],
  Relation: ["Relation"],
  ContactRelation: ["Relation"],
  RelationEnd: ["RelationEnd", "Contact", "Person", "Profile", "Record"],
  Connection: [],
  Node: ["RelationEnd", "Contact", "Person", "Profile", "Record", "Relation"],
};
const FRAGMENT_TYPES = ["Contact", "Person", "Profile", "Record", "Relation", "RelationEnd"] as const;

const gid = (vendor: "SUPEROFFICE" | "HIGHLEVEL" | "CUSTOMER_INSIGHTS", kind: string, key: string[]) => encodeId({ vendor, connection: "default", kind: kind as never, key });
const IDS = [
  gid("SUPEROFFICE", "Contact", ["11"]),
  gid("SUPEROFFICE", "Contact", ["12"]),
  gid("SUPEROFFICE", "Person", ["101"]),
  gid("SUPEROFFICE", "ContactRelation", ["1001"]),
  gid("HIGHLEVEL", "Contact", [hl.contacts.ada]),
  gid("HIGHLEVEL", "Contact", [hl.contacts.grace]),
  gid("HIGHLEVEL", "Record", [hl.objects.pets, hl.pets.rex]),
  gid("CUSTOMER_INSIGHTS", "Profile", ["Account", ACCOUNT_CONTOSO.profileId]),
];

export interface RandomDocument {
  query: string;
  variables: Record<string, unknown>;
  /** What it exercises, to check the sample covers each. */
  features: Set<"fragment" | "spreadTwice" | "alias" | "variable" | "inline">;
}

export interface Bounds {
  /** Field nesting left at the top. */
  depth: number;
  /** Page sizes to pick from. */
  pages: readonly number[];
  /** How many named fragments at most. */
  fragments: number;
}

export function randomDocument(rng: Rng, bounds: Bounds): RandomDocument {
  const features: RandomDocument["features"] = new Set();
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  let names = 0;
  const alias = (prefix: string) => `${prefix}${names++}: `;
  const variable = (type: string, value: unknown) => {
    const name = `v${names++}`;
    declared.push(`$${name}: ${type}`);
    variables[name] = value;
    features.add("variable");
    return `$${name}`;
  };
  const page = () => {
    const first = rng.pick(bounds.pages);
    return rng.chance(0.4) ? variable("Int", first) : String(first);
  };
  const id = () => (rng.chance(0.7) ? variable("ID!", rng.pick(IDS)) : JSON.stringify(rng.pick(IDS)));

  // Fragments are made last to first, so each spreads only later ones: no cycles.
  const fragments: Array<{ name: string; on: Shape; body: string }> = [];
  const count = rng.int(bounds.fragments + 1);
  for (let i = count - 1; i >= 0; i--) {
    const on = rng.pick(FRAGMENT_TYPES);
    const body = selection(on, Math.max(1, bounds.depth - 2 - rng.int(3)), i + 1);
    fragments.unshift({ name: `G${i}`, on, body });
  }

  function spread(shape: Shape, from: number): string | undefined {
    const usable = fragments.filter((f, i) => i >= from && SPREADABLE[shape].includes(f.on));
    if (usable.length === 0 || !rng.chance(0.5)) return undefined;
    features.add("fragment");
    const fragment = rng.pick(usable);
    if (rng.chance(0.3)) {
      features.add("spreadTwice");
      return `...${fragment.name} ...${fragment.name}`;
    }
    return `...${fragment.name}`;
  }

  /** A list: always aliased (two with other arguments in one set would conflict otherwise). */
  function list(field: string, depth: number, from: number, args = ""): string {
    features.add("alias");
    return `${alias("l")}${field}(${args}first: ${page()}) { ${selection("Connection", depth - 1, from)} }`;
  }

  function options(shape: Shape, depth: number, from: number): Array<() => string> {
    const deeper = depth > 1;
    const sub = (s: Shape) => selection(s, depth - 1, from);
    const plain = (field: string) => () => (rng.chance(0.2) ? (features.add("alias"), `${alias("a")}${field}`) : field);
    switch (shape) {
      case "Query":
        return [
          () => `${alias("c")}contact(vendor: SUPEROFFICE, id: "${rng.pick(["11", "12", "13", "99999"])}") { ${sub("Contact")} }`,
          () => `${alias("c")}contact(vendor: HIGHLEVEL, id: "${rng.pick([hl.contacts.ada, hl.contacts.grace])}") { ${sub("Contact")} }`,
          () => `${alias("r")}contactRelation(id: ${rng.pick([1001, 1002, 4242])}) { ${sub("ContactRelation")} }`,
          () => `${alias("p")}profile(profileType: "Account", profileId: "${ACCOUNT_CONTOSO.profileId}") { ${sub("Profile")} }`,
          () => `${alias("x")}record(objectKey: "${hl.objects.pets}", id: "${hl.pets.rex}") { ${sub("Record")} }`,
          () => `${alias("n")}node(id: ${id()}) { ${sub("Node")} }`,
          () => list("relationsOf", depth, from, `id: ${id()}, `),
        ];
      case "Contact":
        return [plain("name"), plain("nativeId"), plain("__typename"), ...(deeper ? [() => list("relations", depth, from)] : [])];
      case "Person":
        return [plain("fullName"), plain("nativeId"), ...(deeper ? [() => `contact { ${sub("Contact")} }`] : [])];
      case "Profile":
        return [plain("profileId"), plain("profileType"), ...(deeper ? [() => list("relationships", depth, from)] : [])];
      case "Record":
        return [plain("nativeId"), plain("objectKey"), ...(deeper ? [() => list("relations", depth, from)] : [])];
      case "Relation":
      case "ContactRelation":
        return [
          plain("id"),
          plain("__typename"),
          ...(deeper
            ? [
                () => `source { ${sub("RelationEnd")} }`,
                () => `target { ${sub("RelationEnd")} }`,
                () => (features.add("inline"), `... on ContactRelation { activeText sourcePerson { ${sub("Person")} } destinationContact { ${sub("Contact")} } }`),
                ...(shape === "Relation" ? [() => (features.add("inline"), `... on AssociationRelation { key }`)] : []),
              ]
            : []),
        ];
      case "RelationEnd":
      case "Node":
        return [
          plain("__typename"),
          ...(shape === "Node" ? [plain("id")] : []),
          ...(["Contact", "Person", "Profile", "Record"] as const).map((s) => () => (features.add("inline"), `... on ${s} { ${selection(s, depth, from)} }`)),
          ...(shape === "Node" ? [() => (features.add("inline"), `... on Relation { ${selection("Relation", depth, from)} }`)] : []),
        ];
      case "Connection":
        return [
          () => `pageInfo { hasNextPage endCursor }`,
          ...(deeper ? [() => `nodes { ${sub("Relation")} }`, () => `edges { cursor node { ${sub("Relation")} } }`] : [() => `pageInfo { hasNextPage }`]),
        ];
    }
  }

  function selection(shape: Shape, depth: number, from: number): string {
    const choices = options(shape, depth, from);
    const items = Array.from({ length: 1 + rng.int(shape === "Query" ? 2 : 3) }, () => rng.pick(choices)());
    const spreadIn = spread(shape, from);
    return [...items, ...(spreadIn ? [spreadIn] : [])].join(" ");
  }

  const operation = selection("Query", bounds.depth, 0);
  // Only the fragments the operation reaches (an unused one fails validation).
  const used = new Set<string>();
  const reach = (text: string) => {
    for (const [, name] of text.matchAll(/\.\.\.(G\d+)/g)) {
      if (used.has(name!)) continue;
      used.add(name!);
      reach(fragments.find((f) => f.name === name)!.body);
    }
  };
  reach(operation);
  const definitions = fragments.filter((f) => used.has(f.name)).map((f) => `fragment ${f.name} on ${f.on} { ${f.body} }`);
  // Only the variables that text uses (an unused one fails validation too).
  const text = [operation, ...definitions].join(" ");
  const kept = declared.filter((d) => new RegExp(`\\${d.slice(0, d.indexOf(":"))}\\b`).test(text));
  const values = Object.fromEntries(Object.entries(variables).filter(([name]) => kept.some((d) => d.startsWith(`$${name}:`))));
  if (kept.length === 0) features.delete("variable");
  if (used.size === 0) features.delete("fragment");
  if (!/\.\.\.(G\d+) \.\.\.\1\b/.test(text)) features.delete("spreadTwice");
  const head = kept.length > 0 ? `query (${kept.join(", ")}) ` : "";
  return { query: [`${head}{ ${operation} }`, ...definitions].join("\n"), variables: values, features };
}
