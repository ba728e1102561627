import type { Connections } from "../config.js";
import { DEFAULT_CONNECTION, VENDOR_LABEL, type Vendor } from "../domain/vendor.js";
import type { NodeEntity, NodeRef } from "../domain/entities.js";
import { NotConfiguredError, ValidationError } from "../errors.js";
import { HttpClient } from "../http/client.js";
import type { UpstreamObserver } from "../http/observer.js";
import { CustomerInsightsClient } from "./customer-insights/client.js";
import { HighLevelClient } from "./highlevel/client.js";
import { createHighLevelPacer } from "./highlevel/pacer.js";
import { SuperOfficeClient } from "./superoffice/client.js";
import type { RequestScope } from "./request-scope.js";

export interface VendorClients {
  CUSTOMER_INSIGHTS: CustomerInsightsClient;
  SUPEROFFICE: SuperOfficeClient;
  HIGHLEVEL: HighLevelClient;
}

/** Every client can load the nodes of its vendor by ref (node(id:), relation ends, federation). */
export interface NodeLoader {
  load(ref: NodeRef): Promise<NodeEntity | null>;
}

export interface ConnectionInfo {
  vendor: Vendor;
  name: string;
  sandbox: boolean;
}

/**
 * The long-lived side of the vendors: one HttpClient (pool, pacer) per configured
 * connection. `scope()` hands each GraphQL request its own clients and DataLoaders.
 */
export class VendorRegistry {
  private readonly http = new Map<string, HttpClient>();

  constructor(
    readonly connections: Connections,
    private readonly options: { timeoutMs: number; observer?: UpstreamObserver },
  ) {}

  list(): ConnectionInfo[] {
    return (Object.keys(this.connections) as Vendor[]).flatMap((vendor) =>
      Object.values(this.connections[vendor]).map((c) => ({ vendor, name: c.name, sandbox: c.sandbox })),
    );
  }

  /** Base URLs of the connections, for readiness checks. */
  origins(): Array<ConnectionInfo & { baseUrl: string }> {
    return this.list().map((info) => {
      const c = this.connections[info.vendor][info.name]!;
      return { ...info, baseUrl: "hubEndpoint" in c ? c.hubEndpoint : c.baseUrl };
    });
  }

  scope(scope: RequestScope): VendorScope {
    return new VendorScope(this, scope);
  }

  /** The connection's HttpClient; throws NotConfigured/Validation errors for unknown names. */
  httpFor(vendor: Vendor, name: string, field: string[] | null): HttpClient {
    const connection = this.connectionFor(vendor, name, field);
    const key = `${vendor}/${name}`;
    let client = this.http.get(key);
    if (!client) {
      client = new HttpClient({
        baseUrl: "hubEndpoint" in connection ? connection.hubEndpoint : connection.baseUrl,
        target: { vendor, connection: name },
        timeoutMs: this.options.timeoutMs,
        observer: this.options.observer,
        pacer: vendor === "HIGHLEVEL" ? createHighLevelPacer() : undefined,
      });
      this.http.set(key, client);
    }
    return client;
  }

  connectionFor<V extends Vendor>(vendor: V, name: string, field: string[] | null): Connections[V][string] {
    const all = this.connections[vendor] as Record<string, Connections[V][string]>;
    const connection = all[name];
    if (connection) return connection;
    const names = Object.keys(all);
    if (names.length === 0) {
      throw new NotConfiguredError(
        { vendor, connection: name },
        `${VENDOR_LABEL[vendor]} is not configured on this gateway (see the README's configuration section)`,
      );
    }
    throw new ValidationError(
      `Unknown ${VENDOR_LABEL[vendor]} connection '${name}'; configured: ${names.join(", ")}`,
      field,
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.http.values()].map((client) => client.close()));
  }
}

/** One GraphQL request's view of the vendors: clients (and so DataLoaders) made once per connection. */
export class VendorScope {
  private readonly clients = new Map<string, VendorClients[Vendor]>();

  constructor(
    private readonly registry: VendorRegistry,
    readonly request: RequestScope,
  ) {}

  connections(): ConnectionInfo[] {
    return this.registry.list();
  }

  /** `field` is the argument path reported when the connection name is unknown. */
  client<V extends Vendor>(vendor: V, name?: string | null, field: string[] | null = ["connection"]): VendorClients[V] {
    const connectionName = name ?? DEFAULT_CONNECTION;
    const key = `${vendor}/${connectionName}`;
    let client = this.clients.get(key);
    if (!client) {
      const http = this.registry.httpFor(vendor, connectionName, field);
      client = this.create(vendor, connectionName, http);
      this.clients.set(key, client);
    }
    return client as VendorClients[V];
  }

  /** Loads any node the gateway issued a ref for; an unknown connection reads as "no such node". */
  async load(ref: NodeRef): Promise<NodeEntity | null> {
    let loader: NodeLoader;
    try {
      loader = this.client(ref.vendor, ref.connection, null);
    } catch (error) {
      if (error instanceof ValidationError) return null;
      throw error;
    }
    return loader.load(ref);
  }

  private create(vendor: Vendor, name: string, http: HttpClient): VendorClients[Vendor] {
    const { connections } = this.registry;
    switch (vendor) {
      case "CUSTOMER_INSIGHTS":
        return new CustomerInsightsClient(connections.CUSTOMER_INSIGHTS[name]!, http, this.request);
      case "SUPEROFFICE":
        return new SuperOfficeClient(connections.SUPEROFFICE[name]!, http, this.request);
      case "HIGHLEVEL":
        return new HighLevelClient(connections.HIGHLEVEL[name]!, http, this.request);
    }
  }
}
