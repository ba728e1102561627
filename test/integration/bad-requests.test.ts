import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CreateContactRelationAllFieldsDocument } from "../generated/graphql.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** Malformed requests get a clear 400 naming what is wrong, never a 500, and reach no vendor. */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());
beforeEach(() => t.reset());

const noUpstreamCalls = () =>
  expect([t.sandboxes.customerInsights, t.sandboxes.superoffice, t.sandboxes.highlevel].flatMap((s) => s.requests)).toEqual([]);

async function post(body: string, contentType = "application/json") {
  const res = await fetch(`${t.gateway.url}/graphql`, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: res.status, body: (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

describe("bad requests", () => {
  it("a variable of the wrong type is BAD_USER_INPUT naming the field", async () => {
    const res = await t.gql(CreateContactRelationAllFieldsDocument, {
      input: { sourceContactId: "eleven", destinationContactId: 12, relationDefinitionId: 1 },
    } as never);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: "BAD_USER_INPUT" });
    expect(res.errors![0]!.message).toContain("sourceContactId");
    noUpstreamCalls();
  });

  it("a missing required input field is BAD_USER_INPUT naming it", async () => {
    const res = await t.gql(CreateContactRelationAllFieldsDocument, { input: { sourceContactId: 11, relationDefinitionId: 1 } } as never);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.message).toContain("destinationContactId");
    noUpstreamCalls();
  });

  it("an unknown field is GRAPHQL_VALIDATION_FAILED naming it", async () => {
    const res = await t.gql(`{ contact(vendor: SUPEROFFICE, id: "11") { nickname } }`);
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(res.errors![0]!.message).toContain("nickname");
    noUpstreamCalls();
  });

  it("a syntax error is GRAPHQL_PARSE_FAILED", async () => {
    const res = await t.gql(`{ contact(vendor: SUPEROFFICE id: "11" { name } }`);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions).toEqual({ code: "GRAPHQL_PARSE_FAILED" });
  });

  it("a body that is not JSON is a 400 saying so", async () => {
    const res = await post("{ not json");
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.message).toMatch(/not valid JSON/);
  });

  it("a body without a query is a 400", async () => {
    const res = await post(JSON.stringify({ variables: {} }));
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.message).toMatch(/query/i);
  });

  it("a body over 1 MiB is refused with 413", async () => {
    const res = await post(JSON.stringify({ query: "{ connections { name } }", pad: "x".repeat(1024 * 1024) }));
    expect(res.status).toBe(413);
  });

  it("an unknown route is a 404 pointing at /graphql", async () => {
    const res = await fetch(`${t.gateway.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("/graphql");
  });
});
