import type { z } from "zod";
import type { EntityKind, NodeEntity, NodeRef, Page, RelationEntity, RelationType } from "../domain/entities.js";
import type { Vendor } from "../domain/vendor.js";
import type { Credential, CredentialMode, CredentialProvider } from "../credentials/credential.js";
import type { CredentialServices } from "../credentials/services.js";
import type { Pacer } from "../http/client.js";
import type { Sandbox } from "../sandbox/types.js";
import type { ConnectionHttp } from "./connection-http.js";
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
  /**
   * /ready's check of the connection: one cheap read the vendor documents, which succeeds only
   * when the base URL leads to its API and the credential is taken. Throws what a request's call would.
   */
  probe(): Promise<void>;
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

/** How one connection's long-lived HTTP client (its endpoint) is built. */
export interface HttpSetup {
  baseUrl: string;
  /**
   * The connection's configured values that must never leave the gateway (static tokens, app
   * tokens, client secrets, seed refresh tokens, private keys): vendor text is scrubbed of them,
   * whole or any 8-character run (./vendor-text.ts), and of each request's credential
   * (src/credentials/credential.ts `secretsOf`). A new kind of credential adds its values here.
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
  /** A setting's variable; a group of settings (e.g. `oauth`) maps each of its fields to one. */
  settings: { [K in keyof S]-?: NonNullable<S[K]> extends object ? { [F in keyof NonNullable<S[K]>]-?: string } : string };
  configuredBy: ReadonlyArray<string>;
  /** Settings whose variables also apply to the sandbox connection (presentation only: never a URL or credential). */
  sandbox?: ReadonlyArray<keyof S & string>;
}

/** A connection of a vendor whose settings are `S`. */
export type Connection<S = object> = ConnectionBase & S;

/** The credential modes a sandboxed connection can run in, as SANDBOX_CREDENTIALS names them. */
export type SandboxMode = "static" | "oauth" | "system-user" | "client-credentials" | "caller";

/** Which modes a vendor's sandbox offers, and which of them `oauth` (every vendor's minted mode) means for it. */
export interface SandboxModes {
  readonly modes: readonly SandboxMode[];
  readonly oauth: SandboxMode;
}

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
  /** How a connection's credential is obtained (its mode, from the settings present) and how it is sent. */
  readonly credentials: {
    provider(connection: Connection<S>, services: CredentialServices): CredentialProvider;
    /** The headers a credential becomes on every call: Authorization and what the vendor wants beside it (an app token). */
    headers(connection: Connection<S>, credential: Credential): Record<string, string | undefined>;
    /** The connection's mode (from the settings present). */
    mode(connection: Connection<S>): CredentialMode;
    /** Its refresh token is spent by use: a restart needs the rotated one (so a store: Redis or a file). */
    rotates(connection: Connection<S>): boolean;
  };
  createClient(connection: Connection<S>, http: ConnectionHttp, scope: RequestScope): Client;
  /** The credential modes its sandbox's connection can use (SANDBOX_CREDENTIALS). */
  readonly sandboxModes: SandboxModes;
  /** Starts this vendor's simulator on loopback (its code is loaded only when a sandbox is wanted). */
  startSandbox(options?: SandboxOptions): Promise<Sandbox<Connection<S>>>;
}

/** Keeps a module's own types while checking it against the contract. */
export function defineVendor<V extends Vendor, S, Client extends VendorClient, O = object>(
  module: VendorModule<V, S, Client, O>,
): VendorModule<V, S, Client, O> {
  return module;
}
