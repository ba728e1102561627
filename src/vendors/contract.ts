import type { z } from "zod";
import type { EntityKind, NodeEntity, NodeRef, Page, RelationEntity, RelationType } from "../domain/entities.js";
import type { Vendor } from "../domain/vendor.js";
import type { HttpClient, Pacer } from "../http/client.js";
import type { Sandbox } from "../sandbox/types.js";
import type { RequestScope } from "./request-scope.js";

/**
 * The one face every vendor shows the rest of the gateway. config.ts, the registry, `node`,
 * `relationsOf`, the relation-field resolvers and federation loop over a table of these
 * (./modules.ts); nothing outside a vendor's own folders switches on its name.
 */

/** What every connection has besides its vendor's settings. */
export interface ConnectionBase {
  name: string;
  /** Served by the built-in sandbox instead of the vendor. */
  sandbox: boolean;
}

export interface PageRequest {
  first: number;
  after: string | null;
}

/** One GraphQL request's client of one connection: the operations every vendor implements. */
export interface VendorClient {
  /** Any node of this vendor by ref (its key already passed `validateKey`); null when the vendor has no such record. */
  load(ref: NodeRef): Promise<NodeEntity | null>;
  /** Relations with `ref` at either end; null when `ref`'s kind is not a relation end here. */
  relationsOf(ref: NodeRef, page: PageRequest): Promise<Page<RelationEntity>> | null;
  /** The connection's relation types (its catalogue: what the create mutations accept), cached briefly (./catalogue.ts). */
  relationTypes(): Promise<RelationType[]>;
  /**
   * Deletes the relation `ref` names (its key already passed `validateKey`): a VendorRejection
   * NOT_FOUND when the vendor has no such relation. Null when `ref`'s kind is not a relation here.
   * Never repeated by the HTTP core: a repeat would answer "not found" for a delete that happened.
   */
  deleteRelation(ref: NodeRef): Promise<void> | null;
}

/**
 * Upper bounds of the calls a vendor's client makes, for the cost estimate that refuses
 * operations before they run (src/limits/cost.ts): each vendor states them next to its calls.
 */
export interface VendorCost {
  /** Calls to load one node of `kind` by ref. */
  load(kind: EntityKind): number;
  /** Calls of `relationsOf(ref of kind, page)` itself: its list pages and what it reads per listed item (not the items' fields). */
  relationsOf(kind: EntityKind, page: PageRequest): number;
  /** Calls of one read of a connection's relation-type catalogue when it is not cached (its pages, what it reads per type). */
  catalogue: number;
  /** Calls of a create besides its catalogue check: the write, its reads of the ends, a keyed retry's reconciliation. */
  create: number;
  /** Calls of `deleteRelation`: the reads it needs and the write. */
  delete: number;
}

/** How one connection's long-lived HTTP client is built. */
export interface HttpSetup {
  baseUrl: string;
  /**
   * Values that must never leave the gateway (tokens, tickets, passwords): the one list vendor text is
   * scrubbed of (./vendor-text.ts), whole or any 8-character run. A new kind of credential adds its values here.
   */
  secrets: string[];
  /** Calls sharing a key share one pacer (the vendor's rate-limit window); none when the vendor has no pacing. */
  pacer?: { key: string; create(): Pacer };
}

/**
 * Env vars of a vendor's `default` connection. `settings` maps each setting to its variable;
 * setting any variable in `configuredBy` configures the connection (and then the others the
 * schema requires must be set too).
 */
export interface EnvMapping<S> {
  settings: { [K in keyof S]-?: string };
  configuredBy: ReadonlyArray<string>;
  /** Settings whose variables also apply to the sandbox connection (presentation only: never a URL or credential). */
  sandbox?: ReadonlyArray<keyof S & string>;
}

/** A connection of a vendor whose settings are `S`. */
export type Connection<S = object> = ConnectionBase & S;

export interface VendorModule<V extends Vendor = Vendor, S = object, Client extends VendorClient = VendorClient, SandboxOptions = object> {
  readonly vendor: V;
  /** For people: log lines, error messages, the startup banner. */
  readonly label: string;
  /** This vendor's section in a GATEWAY_CONFIG file. */
  readonly configKey: string;
  /** One connection's settings, file and env alike (defaults applied here). */
  readonly settings: z.ZodType<S, unknown>;
  readonly env: EnvMapping<S>;
  /** The node kinds this vendor serves. */
  readonly kinds: ReadonlyArray<EntityKind>;
  /**
   * Throws a ValidationError when `key` could never name a `kind` record at this vendor,
   * naming the key part at fault (`["id"]`, `["profileType"]`, …, as the typed query
   * fields call their arguments). Refs that fail it are never sent to the vendor.
   */
  validateKey(kind: EntityKind, key: readonly string[]): void;
  readonly cost: VendorCost;
  http(connection: Connection<S>): HttpSetup;
  createClient(connection: Connection<S>, http: HttpClient, scope: RequestScope): Client;
  /** Starts this vendor's simulator on loopback (its code is loaded only when a sandbox is wanted). */
  startSandbox(options?: SandboxOptions): Promise<Sandbox<Connection<S>>>;
}

/** Keeps a module's own types while checking it against the contract. */
export function defineVendor<V extends Vendor, S, Client extends VendorClient, O = object>(
  module: VendorModule<V, S, Client, O>,
): VendorModule<V, S, Client, O> {
  return module;
}
