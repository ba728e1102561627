import type { Credential, CredentialProvider } from "./credential.js";

/** Today's behaviour: one configured Authorization value for every request. */
export class StaticCredentials implements CredentialProvider {
  readonly mode = "static";
  private readonly held: Credential;

  constructor(authorization: string) {
    this.held = { authorization };
  }

  tenantOf(): string {
    return "";
  }

  credential(): Credential {
    return this.held;
  }

  renew(): null {
    return null;
  }

  secrets(): readonly string[] {
    return [];
  }
}
