import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * A base URL that leads to something other than the vendor's API (a web server answering 404 to
 * every path) must not look like an empty tenant: reads, the catalogue and creates fail with
 * UPSTREAM_BAD_RESPONSE pointing at the base URL, and the log warns once per connection.
 */

let t: TestGateway;
let wrong: Server;
const bodies = new Map<string, { type: string; body: string }>([
  ["/html", { type: "text/html", body: "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>" }],
  ["/empty", { type: "text/plain", body: "" }],
  ["/json", { type: "application/json", body: '{"detail":"Not Found"}' }],
]);

beforeAll(async () => {
  wrong = createServer((req, res) => {
    const kind = [...bodies.keys()].find((prefix) => req.url!.startsWith(prefix)) ?? "/html";
    const { type, body } = bodies.get(kind)!;
    res.writeHead(404, { "content-type": type }).end(body);
  });
  await new Promise<void>((resolve) => wrong.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
  t = await startTestGateway({}, (connections) => {
    const so = connections.SUPEROFFICE as Record<string, { name: string; baseUrl: string }>;
    so.html = { ...so.default!, name: "html", baseUrl: `${origin}/html/Cust1/api/v1` };
    so.empty = { ...so.default!, name: "empty", baseUrl: `${origin}/empty/Cust1/api/v1` };
    const hl = connections.HIGHLEVEL as Record<string, { name: string; baseUrl: string }>;
    hl.json = { ...hl.default!, name: "json", baseUrl: `${origin}/json` };
  });
});
afterAll(async () => {
  await t?.close();
  wrong?.close();
});

const code = (res: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) => res.errors?.[0]?.extensions?.code;

describe("a base URL that does not lead to the vendor's API", () => {
  it.each([
    ["html", "an HTML page"],
    ["empty", "an empty body"],
  ])("SuperOffice (%s): a read is UPSTREAM_BAD_RESPONSE naming the base URL, not null", async (connection, what) => {
    const res = await t.gql<{ contact: unknown }>(`{ contact(vendor: SUPEROFFICE, connection: "${connection}", id: "11") { name } }`);
    expect(res.data?.contact ?? null).toBeNull();
    expect(code(res)).toBe("UPSTREAM_BAD_RESPONSE");
    expect(res.errors?.[0]?.message).toContain(`HTTP 404 and ${what}`);
    expect(res.errors?.[0]?.message).toContain("check the connection's base URL");
  });

  it("the catalogue is an error, not an empty list", async () => {
    const res = await t.gql(`{ relationTypes(vendor: SUPEROFFICE, connection: "html") { nativeId } }`);
    expect(code(res)).toBe("UPSTREAM_BAD_RESPONSE");
    const hl = await t.gql(`{ relationTypes(vendor: HIGHLEVEL, connection: "json") { nativeId } }`);
    expect(code(hl)).toBe("UPSTREAM_BAD_RESPONSE");
    expect(hl.errors?.[0]?.message).toContain("a body that is not its error shape");
  });

  it("a create is not refused as if the tenant had no such type: its 404 is no vendor refusal", async () => {
    const res = await t.gql<{ createContactRelation: { userErrors: unknown[] } }>(
      `mutation { createContactRelation(input: { connection: "empty", sourceContactId: 11, destinationContactId: 12, relationDefinitionId: 1 }) { relation { id } userErrors { code message } } }`,
    );
    expect(code(res)).toBe("UPSTREAM_BAD_RESPONSE");
    expect(res.errors?.[0]?.message).toContain("check the connection's base URL");
    expect(JSON.stringify(res)).not.toContain("is not a relation type");
  });

  it("the log warns once per connection that it looks misconfigured", async () => {
    await t.gql(`{ contact(vendor: SUPEROFFICE, connection: "html", id: "12") { name } }`);
    const warnings = t.logs
      .flatMap((chunk) => chunk.split("\n"))
      .filter((line) => line.includes("connection looks misconfigured"))
      .map((line) => JSON.parse(line) as { level: number; vendor: string; connection: string });
    expect(warnings.filter((w) => w.connection === "html")).toHaveLength(1);
    expect(warnings.every((w) => w.level === 40)).toBe(true);
  });

  it("the vendor's own not-found is still a null read", async () => {
    const res = await t.gql(`{ contact(vendor: SUPEROFFICE, id: "99999") { name } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ contact: null });
  });
});
