import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
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

/** Sends raw bytes and reads the answer until the server closes the connection (or 5 s pass). */
function rawRequest(text: string): Promise<string> {
  const { hostname, port } = new URL(t.gateway.url);
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(text));
    socket.setEncoding("utf8").on("data", (data: string) => (answer += data));
    socket.once("close", () => resolve(answer)).once("error", reject);
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
}

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

  it("a body over MAX_REQUEST_BYTES (256 KiB) is refused with 413 naming the setting; one just under is served", async () => {
    const padded = (bytes: number) => {
      const body = JSON.stringify({ query: "{ connections { name } }", pad: "" });
      return body.replace(`"pad":""`, `"pad":"${"x".repeat(bytes - body.length)}"`);
    };
    expect(padded(256 * 1024)).toHaveLength(256 * 1024);
    expect((await post(padded(256 * 1024))).status).toBe(200);
    const res = await post(padded(256 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(res.body.errors).toEqual([
      { message: "Request body exceeds 262144 bytes (MAX_REQUEST_BYTES)", extensions: { code: "REQUEST_TOO_LARGE", max: 262_144 } },
    ]);
    noUpstreamCalls();
  });

  it("a declared Content-Length over the limit is refused before the body is read", async () => {
    // Headers only: a server that waited for the 10 MB body would answer 408 after REQUEST_READ_TIMEOUT_MS, not 413.
    const answer = await rawRequest(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n{"query":`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain("MAX_REQUEST_BYTES");
  });

  it("a chunked body (no Content-Length) over the limit is cut off at the limit", async () => {
    const chunk = "x".repeat(64 * 1024);
    const chunks = Array.from({ length: 5 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join("");
    const answer = await rawRequest(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}0\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("an unknown route is a 404 pointing at /graphql", async () => {
    const res = await fetch(`${t.gateway.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("/graphql");
  });
});

describe("MAX_REQUEST_BYTES is a setting, and bounds a GET's query string too", () => {
  let small: TestGateway;
  beforeAll(async () => {
    small = await startTestGateway({ maxRequestBytes: loadConfig({ MAX_REQUEST_BYTES: "1024" }).maxRequestBytes });
  });
  afterAll(() => small?.close());

  const get = async (query: string) => {
    const res = await fetch(`${small.gateway.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { "content-type": "application/json" } });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: unknown }> } };
  };

  it("a GET whose query string is over the limit is refused with 413; a small one is served", async () => {
    const ok = await get("{ connections { name } }");
    expect(ok.status).toBe(200);
    expect(ok.body.data).toBeDefined();
    const res = await get(`{ connections { name } } # ${"x".repeat(1024)}`);
    expect(res.status).toBe(413);
    expect(res.body.errors![0]!.message).toBe("Query string exceeds 1024 bytes (MAX_REQUEST_BYTES)");
    expect(small.vendorCalls()).toEqual([]);
  });

  it("a POST over the configured limit is refused", async () => {
    const res = await small.gql(`{ connections { name } } # ${"x".repeat(1024)}`);
    expect(res.status).toBe(413);
  });
});
