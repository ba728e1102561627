import { ApolloGateway } from "@apollo/gateway";
import { composeServices } from "@apollo/composition";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { Kind, parse, print, type DocumentNode } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeId } from "../../src/domain/ids.js";
import { withoutAuthDirectives } from "../../src/graphql/federation.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/data.js";
import { SUPEROFFICE_DEMO } from "../../src/sandbox/superoffice/data.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * A real supergraph on loopback: this gateway (with sandbox vendors) as the `relations`
 * subgraph, and a tiny `notes` subgraph that adds a field to Contact and points at Person by
 * key, composed with @apollo/composition and served by @apollo/gateway.
 */

const superofficeId = (kind: "Contact" | "Person", nativeId: number) =>
  encodeId({ vendor: "SUPEROFFICE", connection: "default", kind, key: [String(nativeId)] });

const HUB_CONTACT = superofficeId("Contact", SUPEROFFICE_DEMO.hubContactId);
const PARTNER_CONTACT = superofficeId("Contact", 12);
const HIGHLEVEL_ADA = encodeId({ vendor: "HIGHLEVEL", connection: "default", kind: "Contact", key: [HIGHLEVEL_DEMO.contacts.ada] });
const INGRID = superofficeId("Person", SUPEROFFICE_DEMO.busyPersonId);
const SOFIE = superofficeId("Person", SUPEROFFICE_DEMO.personOfContact12);

const LOYALTY: Record<string, string> = { [HUB_CONTACT]: "GOLD", [PARTNER_CONTACT]: "SILVER", [HIGHLEVEL_ADA]: "PLATINUM" };
const NOTES = [
  { id: "note-1", text: "Renewal call booked", authorId: INGRID },
  { id: "note-2", text: "Sent the partner agreement", authorId: SOFIE },
  { id: "note-3", text: "Written by someone the CRM no longer has", authorId: superofficeId("Person", SUPEROFFICE_DEMO.missingPersonId) },
];

const NOTES_TYPEDEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Contact @key(fields: "id") {
    id: ID!
    loyaltyTier: String
  }

  type Person @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Note @key(fields: "id") {
    id: ID!
    text: String!
    author: Person
  }

  type Query {
    notes: [Note!]!
  }
`);

const notesResolvers = {
  Query: { notes: () => NOTES },
  Note: { author: (note: (typeof NOTES)[number]) => ({ id: note.authorId }) },
  Contact: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id, loyaltyTier: LOYALTY[ref.id] ?? null }),
  },
};

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

let relations: TestGateway;
let notes: ApolloServer;
let supergraph: ApolloServer;
let supergraphUrl: string;
type CompositionHint = NonNullable<ReturnType<typeof composeServices>["hints"]>[number];
let hints: CompositionHint[] = [];
/** The supergraph as Apollo Router would run it: with the gateway's access-control directives. */
let routerSupergraphSdl: string;

beforeAll(async () => {
  // Else @apollo/gateway probes cloud metadata endpoints and exports metrics to Apollo.
  process.env.APOLLO_TELEMETRY_DISABLED = "true";
  relations = await startTestGateway();

  notes = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: NOTES_TYPEDEFS, resolvers: notesResolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled()],
    logger: quiet,
  });
  const notesServer = await startStandaloneServer(notes, { listen: { host: "127.0.0.1", port: 0 } });

  // The subgraph SDL as a router would fetch it: from the running gateway's `_service`.
  const service = await relations.gql<{ _service: { sdl: string } }>("{ _service { sdl } }");
  const compose = (relationsSdl: DocumentNode) => {
    const composed = composeServices([
      { name: "relations", typeDefs: relationsSdl, url: `${relations.gateway.url}/graphql` },
      { name: "notes", typeDefs: NOTES_TYPEDEFS, url: notesServer.url },
    ]);
    if (composed.errors) throw new Error(`composition failed:\n${composed.errors.map((e) => e.message).join("\n")}`);
    return composed;
  };
  const forRouter = compose(parse(service.data!._service.sdl));
  routerSupergraphSdl = forRouter.supergraphSdl;
  hints = forRouter.hints;
  // @apollo/gateway refuses supergraphs with security features it cannot enforce: serve it one without them.
  const composed = compose(withoutAuthDirectives(parse(service.data!._service.sdl)));

  supergraph = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl, logger: quiet }),
    plugins: [ApolloServerPluginLandingPageDisabled()],
    logger: quiet,
  });
  ({ url: supergraphUrl } = await startStandaloneServer(supergraph, { listen: { host: "127.0.0.1", port: 0 } }));
});

afterAll(async () => {
  await supergraph?.stop();
  await notes?.stop();
  await relations?.close();
});

beforeEach(() => relations.reset());

interface Result<T> {
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number> }>;
}

async function query<T>(source: string, variables: Record<string, unknown> = {}): Promise<Result<T>> {
  const res = await fetch(supergraphUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: source, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Result<T>;
}

/** Observations of the SuperOffice person loader's batch-size histogram so far. */
async function personBatches(): Promise<{ count: number; sum: number }> {
  const metric = relations.gateway.metrics.registry.getSingleMetric("gateway_dataloader_batch_size");
  const values = (await metric?.get())?.values ?? [];
  const pick = (suffix: string) =>
    values.find((v) => (v as { metricName?: string }).metricName === `gateway_dataloader_batch_size${suffix}` && v.labels.loader === "superoffice.person")?.value ?? 0;
  return { count: pick("_count"), sum: pick("_sum") };
}

const superofficeReads = () => relations.sandboxes.superoffice.requests.map((r) => `${r.method} ${r.path.replace(/^.*\/api\/v1/i, "")}`);

describe("a supergraph of this gateway and another subgraph", () => {
  it("composes without errors or warnings", () => {
    // Hint levels are WARN, INFO and DEBUG; composition problems of error severity are `errors`.
    const warnings = hints.filter((hint) => hint.definition.level.name === "WARN");
    expect(warnings.map((hint) => `${hint.definition.code}: ${hint.message}`)).toEqual([]);
  });

  it("carries the gateway's access rules into the supergraph, for Apollo Router to enforce", () => {
    expect(routerSupergraphSdl).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)');
    expect(routerSupergraphSdl).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)');
    // Every gateway query needs relations:read, every mutation relations:write; the notes subgraph's own field has no rule.
    const rules = new Map<string, string>();
    for (const definition of parse(routerSupergraphSdl).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || !["Query", "Mutation"].includes(definition.name.value)) continue;
      for (const field of definition.fields ?? []) {
        const names = (field.directives ?? []).filter((d) => d.name.value !== "join__field").map((d) => print(d));
        rules.set(`${definition.name.value}.${field.name.value}`, names.join(" "));
      }
    }
    expect(rules.get("Query.notes")).toBe("");
    rules.delete("Query.notes");
    expect(rules.size).toBeGreaterThan(15);
    for (const [field, rule] of rules) {
      const scope = field.startsWith("Query.") ? "relations:read" : "relations:write";
      expect(rule, field).toBe(`@authenticated @requiresScopes(scopes: [["${scope}"]])`);
    }
  });

  it("extends a gateway Contact with the other subgraph's field", async () => {
    const res = await query<{ contact: { id: string; name: string; loyaltyTier: string | null; persons: Array<{ fullName: string }> } }>(
      `query ($id: String!) { contact(vendor: SUPEROFFICE, id: $id) { id name loyaltyTier persons { fullName } } }`,
      { id: String(SUPEROFFICE_DEMO.hubContactId) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.contact).toMatchObject({ id: HUB_CONTACT, name: "Nordlys Shipping AS", loyaltyTier: "GOLD" });
    expect(res.data!.contact.persons.map((p) => p.fullName).sort()).toEqual(["Hanna Moe", "Ingrid Berg", "Lars Olsen"]);
  });

  it("reaches the other subgraph from relation ends of two vendors", async () => {
    const res = await query<{
      contactRelation: { sourceContact: { name: string; loyaltyTier: string | null }; destinationContact: { name: string; loyaltyTier: string | null } };
      node: { __typename: string; id: string; loyaltyTier: string | null } | null;
    }>(
      `query ($relationId: Int!, $ada: ID!) {
        contactRelation(id: $relationId) {
          sourceContact { name loyaltyTier }
          destinationContact { name loyaltyTier }
        }
        node(id: $ada) { __typename id ... on Contact { loyaltyTier } }
      }`,
      { relationId: SUPEROFFICE_DEMO.companyRelationId, ada: HIGHLEVEL_ADA },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.contactRelation).toEqual({
      sourceContact: { name: "Nordlys Shipping AS", loyaltyTier: "GOLD" },
      destinationContact: { name: "Fjordkraft Consulting AS", loyaltyTier: "SILVER" },
    });
    expect(res.data!.node).toEqual({ __typename: "Contact", id: HIGHLEVEL_ADA, loyaltyTier: "PLATINUM" });
  });

  it("resolves the other subgraph's Person references through this gateway, in one loader batch", async () => {
    const before = await personBatches();
    const res = await query<{
      notes: Array<{ id: string; text: string; author: { id: string; fullName: string; contact: { name: string; loyaltyTier: string | null } | null } | null }>;
    }>(`{ notes { id text author { id fullName contact { name loyaltyTier } } } }`);
    const after = await personBatches();

    expect(res.errors).toBeUndefined();
    expect(res.data!.notes).toEqual([
      { id: "note-1", text: NOTES[0]!.text, author: { id: INGRID, fullName: "Ingrid Berg", contact: { name: "Nordlys Shipping AS", loyaltyTier: "GOLD" } } },
      { id: "note-2", text: NOTES[1]!.text, author: { id: SOFIE, fullName: "Sofie Dahl", contact: { name: "Fjordkraft Consulting AS", loyaltyTier: "SILVER" } } },
      // The vendor has no such person (404): the reference stays, its gateway fields are null, no error.
      { id: "note-3", text: NOTES[2]!.text, author: { id: NOTES[2]!.authorId, fullName: null, contact: null } },
    ]);
    // Each person and contact fetched from the vendor once.
    const reads = superofficeReads();
    expect(reads.filter((r) => /^GET \/Person\//i.test(r)).sort()).toEqual(
      [SUPEROFFICE_DEMO.busyPersonId, SUPEROFFICE_DEMO.personOfContact12, SUPEROFFICE_DEMO.missingPersonId].map((id) =>
        expect.stringMatching(new RegExp(`^GET /Person/${id}$`, "i")),
      ),
    );
    expect(new Set(reads).size).toBe(reads.length);
    expect(after.count - before.count, "person loader batches").toBe(1);
    expect(after.sum - before.sum, "person keys").toBe(3);
  });
});
