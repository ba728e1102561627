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

const noUpstreamCalls = () => expect(t.vendorCalls()).toEqual([]);

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

  it("a subscription is OPERATION_NOT_SUPPORTED (HTTP 400), logged at info as the client's mistake, not as an internal error", async () => {
    const before = t.logs.length;
    const res = await t.gql(`subscription Watch { relationsOf(id: "x") { nodes { id } } }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      {
        message: "Subscriptions are not supported: this gateway serves queries and mutations over HTTP only",
        locations: [{ line: 1, column: 1 }],
        extensions: { code: "OPERATION_NOT_SUPPORTED" },
      },
    ]);
    noUpstreamCalls();
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as { level: number; msg: string; errorCodes?: string[] });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.find((l) => l.msg.startsWith("graphql subscription Watch"))).toMatchObject({
      level: 30,
      msg: "graphql subscription Watch not supported: Subscriptions are not supported: this gateway serves queries and mutations over HTTP only",
      errorCodes: ["OPERATION_NOT_SUPPORTED"],
    });
  });

  it("a document with a subscription beside a query is refused the same way (validation covers the whole document)", async () => {
    const res = await t.gql(`query Q { connections { name } } subscription S { connections { name } }`);
    expect(res.status).toBe(400);
    expect(res.errors!.map((e) => e.extensions?.code)).toEqual(["OPERATION_NOT_SUPPORTED"]);
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
