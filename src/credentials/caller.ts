import { UpstreamError, type UpstreamTarget } from "../errors.js";
import type { Credential, CredentialProvider, CredentialRequest } from "./credential.js";
import { fingerprint } from "./fingerprint.js";

/**
 * The request brings the vendor credential in a header named per connection; its value is sent
 * as the vendor's Authorization header unchanged. Its fingerprint is the tenant, so nothing one
 * caller read is served to another.
 */
export class CallerCredentials implements CredentialProvider {
  readonly mode = "caller";
  private readonly header: string;

  constructor(
    header: string,
    private readonly target: UpstreamTarget,
    private readonly label: string,
  ) {
    this.header = header.toLowerCase();
  }

  tenantOf(request: CredentialRequest): string {
    return fingerprint(this.valueOf(request));
  }

  credential(request: CredentialRequest): Credential {
    return { authorization: this.valueOf(request) };
  }

  renew(): null {
    return null;
  }

  secrets(): readonly string[] {
    return [];
  }

  private valueOf(request: CredentialRequest): string {
    const given = request.headers[this.header];
    const value = (Array.isArray(given) ? given[0] : given)?.trim();
    if (!value) {
      throw new UpstreamError("UNAUTHENTICATED", `${this.label} needs the caller's credential in the '${this.header}' header`, this.target);
    }
    return value;
  }
}
