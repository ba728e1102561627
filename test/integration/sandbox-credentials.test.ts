import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, type GatewayConfig } from "../../src/config.js";
import type { Vendor } from "../../src/domain/vendor.js";
import { HIGHLEVEL_DEMO } from "../../src/sandbox/highlevel/index.js";
import type { RecordedRequest } from "../../src/sandbox/http.js";
import type { SuperOfficeSandbox } from "../../src/sandbox/superoffice/index.js";
import { SANDBOX_CALLER_TOKEN, type Sandbox } from "../../src/sandbox/types.js";
import { startServing } from "../../src/serve.js";
import type { Gateway } from "../../src/server/index.js";

/**
 * SANDBOX_CREDENTIALS end to end, through loadConfig and startServing (what `npm start` runs):
 * each sandboxed connection in its mode against its sandbox's own token endpoints, a query,
 * the token's expiry (SANDBOX_TOKEN_TTL_S), a query again; the exact token-endpoint requests
 * read from the sandboxes, the refreshes counted in /metrics and named in the startup log.
 */

const TTL = 2;
const READS: Record<Vendor, string> = {
  CUSTOMER_INSIGHTS: `{ profile(profileType: "Account", profileId: "acc-contoso") { profileId } }`,
  SUPEROFFICE: `{ contact(vendor: SUPEROFFICE, id: "11") { name } }`,
  HIGHLEVEL: `{ contact(vendor: HIGHLEVEL, id: "${HIGHLEVEL_DEMO.contacts.ada}") { name } }`,
};

interface Running {
  gateway: Gateway;
  /** The configuration served, the sandboxes' connections in it. */
  config: GatewayConfig;
  sandbox(vendor: Vendor): Sandbox<object>;
  logs: string[];
  gql(query: string, headers?: Record<string, string>): Promise<{ data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }>;
  close(): Promise<void>;
}

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(sandboxCredentials: string): Promise<Running> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString("utf8"));
      done();
    },
  });
  const config = { ...loadConfig({ SANDBOX_CREDENTIALS: sandboxCredentials, SANDBOX_TOKEN_TTL_S: String(TTL) }), port: 0 };
  const { gateway, sandboxes } = await startServing(config, pino({ level: "info" }, sink));
  running = {
    gateway,
    config,
    logs,
    sandbox: (vendor) => sandboxes!.byVendor[vendor]!,
    async gql(query, headers = {}) {
      const res = await fetch(`${gateway.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
      return (await res.json()) as Awaited<ReturnType<Running["gql"]>>;
    },
    async close() {
      await gateway.close();
      await sandboxes?.close();
    },
  };
  return running;
}

const forms = (requests: RecordedRequest[]) => requests.map((r) => Object.fromEntries(new URLSearchParams(r.rawBody)));
const refreshed = async (r: Running, vendor: Vendor) => {
  const metrics = await (await fetch(`${r.gateway.url}/metrics`)).text();
  return Number(new RegExp(`gateway_credential_refresh_total\\{vendor="${vendor}",connection="default",outcome="refreshed"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
};

/** Queries `vendor`, waits past the TTL and queries again: both answer, and the API saw two different credentials. */
async function acrossExpiry(r: Running, vendor: Vendor, isApi: (req: RecordedRequest) => boolean): Promise<void> {
  expect((await r.gql(READS[vendor])).errors).toBeUndefined();
  await sleep(TTL * 1000 + 300);
  expect((await r.gql(READS[vendor])).errors).toBeUndefined();
  const auths = r.sandbox(vendor).requests.filter(isApi).map((req) => String(req.headers.authorization));
  expect(auths).toHaveLength(2);
  expect(auths[1]).not.toBe(auths[0]);
  expect(await refreshed(r, vendor)).toBe(2);
}

describe("SANDBOX_CREDENTIALS=oauth", () => {
  it("every sandboxed vendor fetches its tokens from its sandbox with the vendor's form, and again after the TTL", async () => {
    const r = await start("oauth");
    const line = (label: string) => r.logs.find((l) => l.includes(`"msg":"${label} 'default': built-in sandbox (`));
    expect(line("Customer Insights")).toContain("(credentials: client-credentials)");
    expect(line("SuperOffice")).toContain("(credentials: oauth)");
    expect(line("HighLevel")).toContain("(credentials: oauth)");

    const ci = r.sandbox("CUSTOMER_INSIGHTS");
    const so = r.sandbox("SUPEROFFICE");
    const hl = r.sandbox("HIGHLEVEL");
    // The seed refresh tokens the connections were given (HighLevel's is spent by its first use).
    const soRefresh = r.config.connections.SUPEROFFICE.default!.oauth!.refreshToken;
    const hlSeed = r.config.connections.HIGHLEVEL.default!.oauth!.refreshToken;

    await Promise.all([
      acrossExpiry(r, "CUSTOMER_INSIGHTS", (req) => req.path.includes("acc-contoso")),
      acrossExpiry(r, "SUPEROFFICE", (req) => req.path.endsWith("/Contact/11")),
      acrossExpiry(r, "HIGHLEVEL", (req) => req.path.startsWith("/contacts/")),
    ]);

    const ciForm = { grant_type: "client_credentials", client_id: ci.credentials.clientId, client_secret: ci.credentials.clientSecret, scope: "https://azurecustomerinsights.com/.default" };
    expect(forms(ci.tokenRequests())).toEqual([ciForm, ciForm]);
    expect(ci.tokenRequests()[0]!.path).toBe(new URL(ci.credentials.tokenUrl).pathname);
    const soForm = { client_id: so.credentials.clientId, client_secret: so.credentials.clientSecret, grant_type: "refresh_token", refresh_token: soRefresh };
    expect(forms(so.tokenRequests())).toEqual([soForm, soForm]);
    // HighLevel's refresh tokens rotate: the second refresh spends the one the first answer carried (kept in memory).
    const [first, second] = forms(hl.tokenRequests());
    const hlForm = { client_id: hl.credentials.clientId, client_secret: hl.credentials.clientSecret, grant_type: "refresh_token", user_type: "Location" };
    expect(first).toEqual({ ...hlForm, refresh_token: hlSeed });
    expect(second).toEqual({ ...hlForm, refresh_token: expect.any(String) });
    expect(second!.refresh_token).not.toBe(hlSeed);
    expect(forms(hl.tokenRequests())).toHaveLength(2);
  }, 30_000);
});

describe("SANDBOX_CREDENTIALS=SUPEROFFICE=system-user", () => {
  it("signs the sandbox's system user token for a ticket, and again after the TTL; the others stay static", async () => {
    const r = await start("SUPEROFFICE=system-user");
    expect(r.logs.find((l) => l.includes("SuperOffice 'default'"))).toContain("built-in sandbox (credentials: system-user)");
    expect(r.logs.find((l) => l.includes("HighLevel 'default'"))).toContain("built-in sandbox (credentials: static)");
    const so = r.sandbox("SUPEROFFICE") as SuperOfficeSandbox;
    await acrossExpiry(r, "SUPEROFFICE", (req) => req.path.endsWith("/Contact/11"));
    const logins = so.tokenRequests().filter((req) => req.path === "/Login/api/PartnerSystemUser/Authenticate");
    expect(logins).toHaveLength(2);
    for (const login of logins) {
      expect(login.body).toEqual({
        SignedSystemToken: expect.stringMatching(new RegExp(`^${so.credentials.systemUserToken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.\\d{12}\\.`)),
        ApplicationToken: so.credentials.appToken,
        ContextIdentifier: "Cust12345",
        ReturnTokenType: "JWT",
      });
    }
    const tickets = so.requests.filter((req) => req.path.endsWith("/Contact/11")).map((req) => String(req.headers.authorization));
    expect(tickets.every((t) => t.startsWith("SOTicket "))).toBe(true);
    expect(await refreshed(r, "HIGHLEVEL")).toBe(0);
  }, 20_000);
});

describe("SANDBOX_CREDENTIALS=caller", () => {
  const HEADERS: Record<Vendor, string> = {
    CUSTOMER_INSIGHTS: "x-customer-insights-authorization",
    SUPEROFFICE: "x-superoffice-authorization",
    HIGHLEVEL: "x-highlevel-authorization",
  };

  it.each(Object.keys(HEADERS) as Vendor[])("%s: the header's value is sent to the sandbox as is; without it UNAUTHENTICATED and no call", async (vendor) => {
    const r = await start("caller");
    expect(r.logs.find((l) => l.includes(`"vendor":"${vendor}"`) && l.includes("built-in sandbox"))).toContain(`built-in sandbox (credentials: caller, header ${HEADERS[vendor]})`);
    const sandbox = r.sandbox(vendor);
    const none = await r.gql(READS[vendor]);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", vendor });
    expect(sandbox.requests).toHaveLength(0);
    const res = await r.gql(READS[vendor], { [HEADERS[vendor]]: `Bearer ${SANDBOX_CALLER_TOKEN}` });
    expect(res.errors).toBeUndefined();
    expect(sandbox.requests.map((req) => req.headers.authorization)).toContain(`Bearer ${SANDBOX_CALLER_TOKEN}`);
    expect(sandbox.tokenRequests()).toHaveLength(0);
    // A token the sandbox never issued is the vendor's 401: UNAUTHENTICATED.
    const wrong = await r.gql(READS[vendor], { [HEADERS[vendor]]: "Bearer not-a-token" });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED", vendor });
  }, 20_000);
});
