import { DEFAULT_CONNECTION, VENDORS, type Vendor } from "../domain/vendor.js";
import type { NodeEntity, NodeRef, Page, RelationEntity, RelationType } from "../domain/entities.js";
import { NotConfiguredError, ValidationError } from "../errors.js";
import { HttpClient, type HttpClientOptions, type Pacer } from "../http/client.js";
import type { UpstreamObserver, UpstreamTracer } from "../http/observer.js";
import type { ConnectionBase, PageRequest, VendorClient } from "./contract.js";
import { labelOf, moduleOf, type ClientOf, type Connections } from "./modules.js";
import type { RequestScope } from "./request-scope.js";

export interface ConnectionInfo {
  vendor: Vendor;
  name: string;
  sandbox: boolean;
}

/**
 * The long-lived side of the vendors: one HttpClient (keep-alive pool) per configured
 * connection, and one pacer per rate-limit window the vendor's module names. `scope()` hands
 * each GraphQL request its own clients and DataLoaders.
 */
export class VendorRegistry {
  private readonly http = new Map<string, HttpClient>();
  private readonly pacers = new Map<string, Pacer>();

  constructor(
    readonly connections: Connections,
    private readonly options: { timeoutMs: number; maxResponseBytes?: number; observer?: UpstreamObserver; tracer?: UpstreamTracer },
  ) {}

  list(): ConnectionInfo[] {
    return VENDORS.flatMap((vendor) =>
      Object.values(this.connections[vendor]).map((c) => ({ vendor, name: c.name, sandbox: c.sandbox })),
    );
  }

  /** Each connection's origin and a probe over its own keep-alive pool, for readiness checks. */
  origins(): Array<ConnectionInfo & { origin: string; probe(timeoutMs: number): Promise<string | undefined> }> {
    return this.list().map((info) => {
      const http = this.httpFor(info.vendor, info.name, null);
      return { ...info, origin: http.origin, probe: (timeoutMs: number) => http.probe(timeoutMs) };
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
  }
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

/** One GraphQL request's view of the vendors: clients (and so DataLoaders) made once per connection. */
export class VendorScope {
  private readonly clients = new Map<string, VendorClient>();

  constructor(
    private readonly registry: VendorRegistry,
    readonly request: RequestScope,
  ) {}

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
      client = moduleOf(vendor).createClient(connection, http, this.request);
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
