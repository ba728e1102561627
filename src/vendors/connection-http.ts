import type { Credential, CredentialProvider, CredentialRequest } from "../credentials/credential.js";
import { secretsOf } from "../credentials/credential.js";
import { UpstreamError, type UpstreamTarget } from "../errors.js";
import type { HttpClient, Pacer, UpstreamRequest, UpstreamResponse } from "../http/client.js";

/**
 * What a vendor client calls through for one request and connection: the connection's
 * long-lived HttpClient (endpoint: pool, pacer) with this request's credential added to every
 * call, and the tenant that keys what outlives the request (catalogue, definition caches).
 */
export interface ConnectionHttp {
  readonly target: UpstreamTarget;
  /** How messages name the connection, e.g. "<Vendor> (connection 'default')". */
  readonly name: string;
  /** Everything vendor text is scrubbed of: the connection's secrets and this request's credential. */
  readonly secrets: readonly string[];
  /** Identity of whose data this is (one object per connection and tenant): caches beyond the request key by it. */
  readonly tenant: object;
  request(req: UpstreamRequest): Promise<UpstreamResponse>;
  owns(url: URL): boolean;
  relativePath(url: URL): string;
}

/** How a credential becomes a call's headers (the vendor module's rule). */
export type CredentialHeaders = (credential: Credential) => Record<string, string | undefined>;

const NO_HEADERS: Record<string, string | undefined> = {};

export class AuthorizedHttp implements ConnectionHttp {
  /** Each caller's headers object with the credential's added, remade when the credential changes. */
  private readonly merged = new WeakMap<object, { credential: Credential; headers: Record<string, string | undefined> }>();
  private lastUsed: Credential | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly provider: CredentialProvider,
    private readonly credentialRequest: CredentialRequest,
    readonly tenant: object,
    private readonly headersOf: CredentialHeaders,
    /** The tenant's own pacer (caller mode), over the connection's. */
    private readonly pacer?: Pacer,
  ) {}

  get target(): UpstreamTarget {
    return this.http.target;
  }

  get name(): string {
    return this.http.name;
  }

  get secrets(): readonly string[] {
    const credential = this.lastUsed ? secretsOf(this.lastUsed.authorization) : [];
    return [...this.http.secrets, ...this.provider.secrets(), ...credential];
  }

  owns(url: URL): boolean {
    return this.http.owns(url);
  }

  relativePath(url: URL): string {
    return this.http.relativePath(url);
  }

  request(req: UpstreamRequest): Promise<UpstreamResponse> {
    const held = this.provider.credential(this.credentialRequest);
    return held instanceof Promise ? held.then((credential) => this.send(req, credential, false)) : this.send(req, held, false);
  }

  /** A 401 to a credential the gateway thought valid: renewed once (single-flight in the provider) and the call sent once more. */
  private send(req: UpstreamRequest, credential: Credential, renewed: boolean): Promise<UpstreamResponse> {
    this.lastUsed = credential;
    const sent = this.http.request(this.withCredential(req, credential));
    if (renewed) return sent;
    return sent.catch(async (error: unknown) => {
      const renewal = error instanceof UpstreamError && error.status === 401 ? this.provider.renew(credential, this.credentialRequest) : null;
      if (!renewal) throw error;
      return this.send(req, await renewal, true);
    });
  }

  /** The call with the credential's headers over the adapter's, built field by field as scopedRequest does. */
  private withCredential(req: UpstreamRequest, credential: Credential): UpstreamRequest {
    const own = req.headers ?? NO_HEADERS;
    let entry = this.merged.get(own);
    if (!entry || entry.credential !== credential) {
      entry = { credential, headers: { ...own, ...this.headersOf(credential) } };
      this.merged.set(own, entry);
    }
    return {
      method: req.method,
      path: req.path,
      query: req.query,
      headers: entry.headers,
      body: req.body,
      idempotent: req.idempotent,
      requestId: req.requestId,
      budget: req.budget,
      pacer: this.pacer,
    };
  }
}
