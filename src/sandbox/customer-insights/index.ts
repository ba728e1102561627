import { randomUUID } from "node:crypto";
import type { SandboxMode } from "../../vendors/contract.js";
import type { CustomerInsightsConnection } from "../../vendors/customer-insights/module.js";
import { generateSecret, header, Router, startSandboxServer, type RecordedRequest, type SandboxReply } from "../http.js";
import { IssuedTokens, tokenControls, tokenTtlSeconds } from "../tokens.js";
import type { Sandbox, SandboxCredentials, SandboxOptions } from "../types.js";
import { AAD_TOKEN_PATH, aadTokenEndpoint, CUSTOMER_INSIGHTS_SCOPE } from "./aad.js";
import { HUB_NAME, type InstanceRecord } from "./data.js";
import { parseEntityAddress, parseTypeFilter } from "./odata.js";
import { HubError, HubStore, interactionResource, profileResource, relationshipResource } from "./store.js";

export * from "./data.js";
export { CUSTOMER_INSIGHTS_SCOPE } from "./aad.js";

/**
 * Simulator of a Customer Insights hub (api-version 2017-04-26): the Hub Data API for
 * relationship instances and profiles, and the Hub `/manage/model` API for type definitions
 * and relationship links. Instance shape (undocumented by the vendor, chosen here):
 * `{ RelationshipId, RelationshipType, ProfileId, RelatedProfileId, <type fields…>, LastModifiedTimestamp }`.
 */
export interface CustomerInsightsSandbox extends Sandbox<CustomerInsightsConnection, CustomerInsightsCredentials> {
  /** The static bearer token the sandbox accepts (generated at start). */
  readonly token: string;
}

/** The Azure AD app registered in the sandbox's own tenant, for the client-credentials grant. */
export interface CustomerInsightsCredentials extends SandboxCredentials {
  /** The directory (tenant) id in the token URL. */
  readonly tenantId: string;
  /** The scope to ask for: `https://azurecustomerinsights.com/.default`. */
  readonly scope: string;
}

/** The header a caller brings its Customer Insights token in, when the sandbox connection is in caller mode. */
export const CUSTOMER_INSIGHTS_CALLER_HEADER = "x-customer-insights-authorization";

export const API_VERSION = "2017-04-26";
export const PAGE_MAX = 30;

export async function startCustomerInsightsSandbox(options: SandboxOptions = {}): Promise<CustomerInsightsSandbox> {
  const token = generateSecret("ci-sandbox-");
  const app = { tenantId: randomUUID(), clientId: randomUUID(), clientSecret: generateSecret("ci-secret-") };
  // Tokens from the Azure AD-shaped endpoint; the hub accepts them (and the static one) until they expire.
  const issued = new IssuedTokens<string>(tokenTtlSeconds(options.tokenTtlSeconds), "ci-aad-");
  const tokenEndpoint = aadTokenEndpoint(app, issued);
  const isTokenRequest = (req: RecordedRequest) => AAD_TOKEN_PATH.test(req.path);
  const accepts = (bearer: string) => bearer === token || bearer === options.callerToken || issued.use(bearer) !== undefined;
  // The identity platform lives on another host in Azure: here it shares the origin, before the hub's checks.
  const login = new Router().on("POST", "/:tenant/oauth2/v2.0/token", (req, { tenant = "" }) => tokenEndpoint(req, tenant));
  const store = new HubStore();
  const router = buildRouter(store, () => server.origin);
  const server = await startSandboxServer(async (req) => {
    const issuedToken = await login.dispatch(req);
    if (issuedToken) return issuedToken;
    const refused = checkAuth(req, accepts) ?? checkApiVersion(req) ?? checkBody(req);
    if (refused) return refused;
    return (await router.dispatch(req)) ?? fail(new HubError(404, "ResourceNotFound", `No resource at ${req.method} ${req.path}`));
  }, options);

  const tokenUrl = () => `${server.origin}/${app.tenantId}/oauth2/v2.0/token`;
  return Object.assign(server, {
    vendor: "CUSTOMER_INSIGHTS" as const,
    baseUrl: server.origin,
    token,
    credentials: {
      tokenUrl: tokenUrl(),
      ...app,
      scope: CUSTOMER_INSIGHTS_SCOPE,
    },
    ...tokenControls(server, isTokenRequest, () => issued.revokeAll()),
    connection(name = "default", mode: SandboxMode = "static"): CustomerInsightsConnection {
      const base = { name, hubEndpoint: server.origin, tenantId: HUB_NAME, sandbox: true };
      if (mode === "client-credentials") return { ...base, oauth: { clientId: app.clientId, clientSecret: app.clientSecret, tokenUrl: tokenUrl() } };
      if (mode === "caller") return { ...base, callerHeader: CUSTOMER_INSIGHTS_CALLER_HEADER };
      if (mode !== "static") throw new RangeError(`The Customer Insights sandbox has no ${mode} credential mode`);
      return { ...base, token };
    },
  });
}

function buildRouter(store: HubStore, origin: () => string): Router {
  const ci = { caseInsensitive: true };
  const router = new Router();

  const postInstance = (req: RecordedRequest): SandboxReply => {
    const body = req.body as Record<string, unknown>;
    if ((header(req, "x-http-method") ?? "").toUpperCase() === "DELETE") {
      const deleted = store.deleteInstance(body);
      return deleted instanceof HubError ? fail(deleted) : { status: 200 };
    }
    const result = store.upsertInstance(body);
    return result instanceof HubError ? fail(result) : { status: 202, body: result };
  };
  // The docs print the collection as Relationships, Relationship and relationships.
  router.on("POST", "/data/Relationships", postInstance, ci);
  router.on("POST", "/data/Relationship", postInstance, ci);

  const listAll = (req: RecordedRequest): SandboxReply => {
    const filter = req.query.get("$filter");
    let type: string | undefined;
    if (filter !== null) {
      const parsed = parseTypeFilter(filter);
      if (parsed === null) return fail(new HubError(400, "InvalidFilter", "Only $filter=RelationshipType eq '<type>' is supported on relationships"));
      type = parsed;
    }
    return page(req, origin(), store.listInstances({ type }));
  };
  router.on("GET", "/data/relationships", listAll, ci);
  router.on("GET", "/data/relationship", listAll, ci);

  router.on(
    "GET",
    "/data/:entity/Relationships",
    (req, { entity }) => {
      const found = findProfile(store, entity!);
      if (found instanceof HubError) return fail(found);
      return page(req, origin(), store.listInstances({ profile: { type: found.type, profileId: found.profile.ProfileId } }));
    },
    ci,
  );

  router.on("GET", "/data/:entity", (_req, { entity }) => {
    const address = parseEntityAddress(entity!);
    if (address && /^relationships?$/i.test(address.entitySet)) {
      if (address.key.kind !== "id") return fail(new HubError(400, "InvalidKey", "Relationships are addressed by RelationshipId"));
      const instance = store.instance(address.key.value);
      return instance ? { status: 200, body: instance } : fail(new HubError(404, "ResourceNotFound", `No relationship instance '${address.key.value}'`));
    }
    const found = findProfile(store, entity!);
    return found instanceof HubError ? fail(found) : { status: 200, body: found.profile };
  });

  // An ARM list (`{ value, nextLink }`); the demo hub's few types fit one page.
  router.on("GET", "/manage/model/relationships", () => ({ status: 200, body: { value: store.allRelationshipTypes().map(relationshipResource) } }));
  router.on("GET", "/manage/model/relationships/:name", (_req, { name }) => {
    const def = store.relationshipType(name!);
    return def ? { status: 200, body: relationshipResource(def) } : notFound("relationship", name!);
  });
  router.on("GET", "/manage/model/profiles/:name", (_req, { name }) => {
    const def = store.profileType(name!);
    return def ? { status: 200, body: profileResource(def) } : notFound("profile", name!);
  });
  router.on("GET", "/manage/model/interactions/:name", (_req, { name }) => {
    const def = store.interactionType(name!);
    return def ? { status: 200, body: interactionResource(def) } : notFound("interaction", name!);
  });
  router.on("GET", "/manage/model/relationshipLinks", () => ({ status: 200, body: { value: store.allLinks() } }));
  router.on("GET", "/manage/model/relationshipLinks/:name", (_req, { name }) => {
    const link = store.link(name!);
    return link ? { status: 200, body: link } : notFound("relationship link", name!);
  });
  router.on("PUT", "/manage/model/relationshipLinks/:name", (req, { name }) => {
    const result = store.upsertLink(name!, req.body as Record<string, unknown>);
    if (result instanceof HubError) return fail(result);
    return { status: result.created ? 202 : 200, body: result.resource };
  });
  return router;
}

function findProfile(store: HubStore, segment: string) {
  const address = parseEntityAddress(segment);
  if (!address) return new HubError(400, "InvalidKey", `'${segment.slice(0, 120)}' is not an entity address like Type('id') or Type(Key='v')`);
  const type = store.profileType(address.entitySet);
  if (!type) return new HubError(404, "ResourceNotFound", `No entity set '${address.entitySet}' in hub ${HUB_NAME}`);
  if (!store.validAlternateKey(type, address.key)) {
    return new HubError(400, "InvalidKey", `The key properties do not form a strong id of profile type '${type.typeName}'`);
  }
  const profile = store.profile(type, address.key);
  if (!profile) return new HubError(404, "ResourceNotFound", `No ${type.typeName} profile matches ${segment.slice(address.entitySet.length)}`);
  return { type: type.typeName, profile };
}

/** One list page: at most 30 (or $top) items after $skiptoken, and an absolute nextLink when more remain. */
function page(req: RecordedRequest, origin: string, items: Array<{ seq: number; record: InstanceRecord }>): SandboxReply {
  const topText = req.query.get("$top");
  const top = topText === null ? PAGE_MAX : Number(topText);
  if (!Number.isInteger(top) || top < 1) return fail(new HubError(400, "InvalidQuery", "$top must be a positive integer"));
  const size = Math.min(top, PAGE_MAX);
  const tokenText = req.query.get("$skiptoken");
  let after = 0;
  if (tokenText !== null) {
    after = decodeSkipToken(tokenText);
    if (Number.isNaN(after)) return fail(new HubError(400, "InvalidQuery", "$skiptoken is not valid"));
  }
  const rest = items.filter((i) => i.seq > after);
  const value = rest.slice(0, size);
  const body: { value: InstanceRecord[]; nextLink?: string } = { value: value.map((i) => i.record) };
  if (rest.length > size) {
    const next = new URLSearchParams();
    next.set("api-version", API_VERSION);
    const filter = req.query.get("$filter");
    if (filter !== null) next.set("$filter", filter);
    if (topText !== null) next.set("$top", topText);
    next.set("$skiptoken", Buffer.from(`seq:${value[value.length - 1]!.seq}`).toString("base64url"));
    body.nextLink = `${origin}${req.path}?${next.toString().replace(/\+/g, "%20")}`;
  }
  return { status: 200, body };
}

function decodeSkipToken(token: string): number {
  const match = /^seq:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match ? Number(match[1]) : NaN;
}

function checkAuth(req: RecordedRequest, accepts: (bearer: string) => boolean): SandboxReply | undefined {
  const value = header(req, "authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  if (match && accepts(match[1]!)) return undefined;
  return {
    ...fail(new HubError(401, "Unauthorized", value ? "The access token is invalid or expired" : "Authorization header is missing")),
    headers: { "www-authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", resource_id="https://azurecustomerinsights.com"' },
  };
}

function checkApiVersion(req: RecordedRequest): SandboxReply | undefined {
  const version = req.query.get("api-version");
  if (version === API_VERSION) return undefined;
  return fail(
    new HubError(
      400,
      version === null ? "MissingApiVersionParameter" : "InvalidApiVersionParameter",
      version === null
        ? "The api-version query parameter (?api-version=) is required for all requests"
        : `The api-version '${version.slice(0, 40)}' is invalid. The supported versions are '${API_VERSION}'`,
    ),
  );
}

function checkBody(req: RecordedRequest): SandboxReply | undefined {
  if (req.method !== "POST" && req.method !== "PUT") return undefined;
  const type = header(req, "content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    return fail(new HubError(415, "UnsupportedMediaType", "Request bodies must be application/json"));
  }
  if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) {
    return fail(new HubError(400, "InvalidJson", "The request body is not a valid JSON object"));
  }
  return undefined;
}

function notFound(what: string, name: string): SandboxReply {
  return fail(new HubError(404, "ResourceNotFound", `The ${what} '${name.slice(0, 120)}' was not found in hub ${HUB_NAME}`));
}

function fail(error: HubError): SandboxReply {
  return { status: error.status, body: error.body() };
}
