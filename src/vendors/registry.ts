import { DEFAULT_CONNECTION, VENDORS, type Vendor } from "../domain/vendor.js";
import type { NodeEntity, NodeRef, Page, RelationEntity, RelationType } from "../domain/entities.js";
import { NotConfiguredError, ValidationError } from "../errors.js";
import type { Credential, CredentialProvider, CredentialRequest } from "../credentials/credential.js";
import type { CredentialObserver } from "../credentials/services.js";
import { MemoryCredentialStore, type CredentialStore } from "../credentials/store.js";
import { HttpClient, type HttpClientOptions, type Pacer } from "../http/client.js";
import type { UpstreamObserver, UpstreamTracer } from "../http/observer.js";
import { AuthorizedHttp, type ConnectionHttp } from "./connection-http.js";
import type { ConnectionBase, PageRequest, VendorClient } from "./contract.js";
import { labelOf, moduleOf, type ClientOf, type Connections } from "./modules.js";
import { probeRead, reachability, type ProbeOutcome } from "./readiness-probe.js";
import type { RequestScope } from "./request-scope.js";

/** Tenants (callers' credentials) whose caches a connection keeps; the least recently seen go first. */
const MAX_TENANTS = 1_000;
const NO_HEADERS = {};

/** One tenant of a connection: "" for its own credential, a caller credential's fingerprint otherwise. */
export interface Tenant {
  readonly key: string;
  /** The caller's own pacer, for vendors that pace (made on first use). */
  pacer?: Pacer;
}

export interface RegistryOptions {
  timeoutMs: number;
  maxResponseBytes?: number;
  observer?: UpstreamObserver;
  tracer?: UpstreamTracer;
  /** Where minted tokens are kept (memory when omitted) and who hears of refreshes. */
  credentials?: { store: CredentialStore; observer?: CredentialObserver };
}

export interface ConnectionInfo {
  vendor: Vendor;
  name: string;
  sandbox: boolean;
}

/** One connection's readiness check (./readiness-probe.ts). */
export interface ConnectionProbe extends ConnectionInfo {
  /** Checks with one key share one probe: the connection's for reads, the origin's for reachability. */
  key: string;
  /** Set when only reachability can be checked: the credential comes with each caller. */
  credentials?: "per caller";
  probe(timeoutMs: number): Promise<ProbeOutcome>;
}

/**
 * The long-lived side of the vendors: per configured connection its endpoint (one HttpClient,
 * a keep-alive pool) and its credential provider, and one pacer per rate-limit window the
 * vendor's module names. `scope()` hands each GraphQL request its own clients and DataLoaders,
 * with the credential resolved for that request.
 */
export class VendorRegistry {
  private readonly http = new Map<string, HttpClient>();
  private readonly pacers = new Map<string, Pacer>();
  private readonly providers = new Map<string, CredentialProvider>();
  /** Per connection, one identity object per tenant: what caches beyond a request key by. */
  private readonly tenants = new Map<string, Map<string, Tenant>>();
  private readonly store: CredentialStore;

  constructor(
    readonly connections: Connections,
    private readonly options: RegistryOptions,
  ) {
    this.store = options.credentials?.store ?? new MemoryCredentialStore();
  }

  list(): ConnectionInfo[] {
    return VENDORS.flatMap((vendor) =>
      Object.values(this.connections[vendor]).map((c) => ({ vendor, name: c.name, sandbox: c.sandbox })),
    );
  }

  /**
   * Each connection's readiness check: its vendor's probe read with the connection's credential,
   * or, in caller mode (no credential without a caller), a `HEAD /` of its origin over its pool.
   * Checks sharing a key share one probe.
   */
  probes(): ConnectionProbe[] {
    return this.list().map((info) => {
      const { vendor, name } = info;
      const http = this.httpFor(vendor, name, null);
      if (this.credentialsFor(vendor, name, null).mode === "caller") {
        return { ...info, key: http.origin, credentials: "per caller", probe: async (timeoutMs: number) => reachability(await http.probe(timeoutMs)) };
      }
      return { ...info, key: `${vendor}/${name}`, probe: (timeoutMs: number) => probeRead(this, vendor, name, timeoutMs) };
    });
  }

  scope(scope: RequestScope): VendorScope {
    return new VendorScope(this, scope);
  }

  /** The connection's HttpClient; throws NotConfigured/Validation errors for unknown names. */
  httpFor(vendor: Vendor, name: string, field: string[] | null): HttpClient {
    const key = `${vendor}/${name}`;
    let client = this.http.get(key);
    if (!client) {
      const connection = this.connectionFor(vendor, name, field);
      const shared = moduleOf(vendor).http(connection).pacer;
      let pacer = shared && this.pacers.get(shared.key);
      if (shared && !pacer) this.pacers.set(shared.key, (pacer = shared.create()));
      client = createHttpClient(vendor, connection, { ...this.options, pacer });
      this.http.set(key, client);
    }
    return client;
  }

  /** The connection's credential provider, made on first use. */
  credentialsFor(vendor: Vendor, name: string, field: string[] | null): CredentialProvider {
    const key = `${vendor}/${name}`;
    let provider = this.providers.get(key);
    if (!provider) {
      const connection = this.connectionFor(vendor, name, field);
      provider = moduleOf(vendor).credentials.provider(connection, {
        target: { vendor, connection: name },
        name: `${labelOf(vendor)} (connection '${name}')`,
        store: this.store,
        observer: this.options.credentials?.observer,
        timeoutMs: this.options.timeoutMs,
      });
      this.providers.set(key, provider);
    }
    return provider;
  }

  /** When each minted credential made so far expires, for the expiry gauge. */
  expiries(): Array<{ vendor: Vendor; connection: string; expiresAt: number | undefined }> {
    return [...this.providers].flatMap(([key, provider]) => {
      if (!provider.expiresAt) return [];
      const [vendor, connection] = key.split("/", 2) as [Vendor, string];
      return [{ vendor, connection, expiresAt: provider.expiresAt() }];
    });
  }

  /** The identity object of one tenant of a connection (the same object for as long as it is in use). */
  tenant(vendor: Vendor, name: string, tenant: string): Tenant {
    const key = `${vendor}/${name}`;
    let all = this.tenants.get(key);
    if (!all) this.tenants.set(key, (all = new Map()));
    let found = all.get(tenant);
    if (found) {
      all.delete(tenant);
    } else {
      found = { key: tenant };
      if (all.size >= MAX_TENANTS) all.delete(all.keys().next().value!);
    }
    all.set(tenant, found);
    return found;
  }

  connectionFor<V extends Vendor>(vendor: V, name: string, field: string[] | null): Connections[V][string] {
    const all = this.connections[vendor] as Record<string, Connections[V][string]>;
    // The name is outside input: `__proto__` or `toString` must read as unknown, not as Object.prototype's.
    if (Object.hasOwn(all, name)) return all[name]!;
    const names = Object.keys(all);
    if (names.length === 0) {
      throw new NotConfiguredError(
        { vendor, connection: name },
        `${labelOf(vendor)} is not configured on this gateway (see the README's configuration section)`,
      );
    }
    // The name is the client's text: echoed shortened, so a huge one cannot flood the answer or the log.
    const shown = name.length > 64 ? `${name.slice(0, 61)}...` : name;
    throw new ValidationError(`Unknown ${labelOf(vendor)} connection '${shown}'; configured: ${names.join(", ")}`, field);
  }

  async close(): Promise<void> {
    await Promise.all([...this.http.values()].map((client) => client.close()));
    await Promise.all([...this.providers.values()].map((provider) => provider.close?.()));
  }
}

/** What a provider reads of a request: its headers and deadline. */
export function credentialRequestOf(scope: RequestScope): CredentialRequest {
  return { headers: scope.headers ?? NO_HEADERS, deadline: scope.budget?.deadline ?? Infinity };
}

/**
 * A connection's long-lived HTTP client as its vendor's module sets it up: base URL, the
 * secrets its vendor text is scrubbed of, and its pacer (the registry passes shared ones).
 */
export function createHttpClient(
  vendor: Vendor,
  connection: ConnectionBase,
  options: Pick<HttpClientOptions, "timeoutMs" | "maxResponseBytes" | "observer" | "tracer" | "pacer" | "dispatcher">,
): HttpClient {
  const setup = moduleOf(vendor).http(connection);
  return new HttpClient({
    baseUrl: setup.baseUrl,
    target: { vendor, connection: connection.name },
    name: `${labelOf(vendor)} (connection '${connection.name}')`,
    secrets: setup.secrets,
    pacer: setup.pacer?.create(),
    ...options,
  });
}

/**
 * A connection's HttpClient with one request's credential from `provider` (a static one when
 * omitted: what the vendors' client tests use), keyed as `tenant`, paced by `pacer` when the
 * tenant has its own.
 */
export function connectionHttp(
  vendor: Vendor,
  connection: ConnectionBase,
  http: HttpClient,
  scope: RequestScope,
  provider?: CredentialProvider,
  tenant: object = http,
  pacer?: Pacer,
): ConnectionHttp {
  const module = moduleOf(vendor);
  const credentials =
    provider ??
    module.credentials.provider(connection, {
      target: http.target,
      name: http.name,
      store: new MemoryCredentialStore(),
      timeoutMs: 5_000,
    });
  const headers = (credential: Credential) => module.credentials.headers(connection, credential);
  return new AuthorizedHttp(http, credentials, credentialRequestOf(scope), tenant, headers, pacer);
}

/** One GraphQL request's view of the vendors: clients (and so DataLoaders) made once per connection. */
export class VendorScope {
  private readonly clients = new Map<string, VendorClient>();
  private readonly credentialRequest: CredentialRequest;

  constructor(
    private readonly registry: VendorRegistry,
    readonly request: RequestScope,
  ) {
    this.credentialRequest = credentialRequestOf(request);
  }

  /**
   * Whose data this request reaches at a connection ("" for the connection's own credential, the
   * caller credential's fingerprint in caller mode): idempotency keys are scoped by it.
   * UNAUTHENTICATED when the connection wants the caller's credential and the request has none.
   */
  tenantOf(vendor: Vendor, name?: string | null, field: string[] | null = ["connection"]): string {
    return this.registry.credentialsFor(vendor, name ?? DEFAULT_CONNECTION, field).tenantOf(this.credentialRequest);
  }

  connections(): ConnectionInfo[] {
    return this.registry.list();
  }

  /** `field` is the argument path reported when the connection name is unknown. */
  client<V extends Vendor>(vendor: V, name?: string | null, field: string[] | null = ["connection"]): ClientOf<V> {
    const connectionName = name ?? DEFAULT_CONNECTION;
    const key = `${vendor}/${connectionName}`;
    let client = this.clients.get(key);
    if (!client) {
      const http = this.registry.httpFor(vendor, connectionName, field);
      const connection = this.registry.connectionFor(vendor, connectionName, field);
      const provider = this.registry.credentialsFor(vendor, connectionName, field);
      const tenant = this.registry.tenant(vendor, connectionName, provider.tenantOf(this.credentialRequest));
      const module = moduleOf(vendor);
      // A caller's calls are paced in a window of their own: another caller's rate-limit headers say nothing of it.
      const ownPacer = tenant.key === "" ? undefined : module.http(connection).pacer;
      if (ownPacer) tenant.pacer ??= ownPacer.create();
      client = module.createClient(connection, connectionHttp(vendor, connection, http, this.request, provider, tenant, tenant.pacer), this.request);
      this.clients.set(key, client);
    }
    return client as ClientOf<V>;
  }

  /**
   * Any node by ref, for ids the gateway issued (node, relation ends, federation): a ref no
   * vendor could hold, or of an unknown connection, reads as "no such node".
   */
  load(ref: NodeRef): Promise<NodeEntity | null> {
    // Not an async function: the loader's promise is handed on, without a frame held while it is pending.
    try {
      return this.find(ref, null).catch(noSuchNode);
    } catch (error) {
      return new Promise((resolve) => resolve(noSuchNode(error)));
    }
  }

  /**
   * A node by a key the client typed (the typed query fields): a key the vendor could never
   * hold is a VALIDATION error naming the argument; `connectionField` names the connection's.
   */
  find(ref: NodeRef, connectionField: string[] | null = ["connection"]): Promise<NodeEntity | null> {
    const module = moduleOf(ref.vendor);
    if (!module.kinds.includes(ref.kind)) {
      throw new ValidationError(`${module.label} has no ${ref.kind} records (it serves ${module.kinds.join(", ")})`, ["vendor"]);
    }
    module.validateKey(ref.kind, ref.key);
    return this.client(ref.vendor, ref.connection, connectionField).load(ref);
  }

  /** The relations of one end, wherever its vendor keeps them; `field` names the argument that gave the ref. */
  relationsOf(ref: NodeRef, page: PageRequest, field: string[] | null): Promise<Page<RelationEntity>> {
    const list = this.issuedClient(ref, field)?.relationsOf(ref, page);
    if (!list) throw new ValidationError(`id names a ${ref.kind}, which is not a relation end`, field);
    return list;
  }

  /** The relation types a connection offers (its catalogue); `field` names the connection argument. */
  relationTypes(vendor: Vendor, connection: string | null | undefined, field: string[] | null = ["connection"]): Promise<RelationType[]> {
    return this.client(vendor, connection, field).relationTypes();
  }

  /** Deletes the relation a ref names, at whichever vendor holds it; `field` names the argument that gave the ref. */
  deleteRelation(ref: NodeRef, field: string[] | null): Promise<void> {
    const deleted = this.issuedClient(ref, field)?.deleteRelation(ref);
    if (!deleted) throw new ValidationError(`id names a ${ref.kind}, which is not a relation`, field);
    return deleted;
  }

  /** A ref from a global id could name a record: its key fits its vendor and its connection exists (else VALIDATION on `field`). */
  checkIssued(ref: NodeRef, field: string[] | null): void {
    this.issuedClient(ref, field);
  }

  /** The client for a ref from a global id: its key checked (VALIDATION on `field`); null for a kind its vendor does not serve. */
  private issuedClient(ref: NodeRef, field: string[] | null): VendorClient | null {
    const module = moduleOf(ref.vendor);
    try {
      module.validateKey(ref.kind, ref.key);
    } catch (error) {
      if (error instanceof ValidationError) throw new ValidationError(`id names no record ${module.label} could hold: ${error.message}`, field);
      throw error;
    }
    return module.kinds.includes(ref.kind) ? this.client(ref.vendor, ref.connection, field) : null;
  }
}

/** A ref no vendor could hold reads as "no such node"; other failures stay failures. */
function noSuchNode(error: unknown): null {
  if (error instanceof ValidationError) return null;
  throw error;
}
