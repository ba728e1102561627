import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator } from "../auth/authenticator.js";
import { OPEN_CALLER, type Caller } from "../auth/caller.js";
import { CallerUnauthenticatedError } from "../errors.js";
import type { RequestLog } from "../observability/request-log.js";
import { sendJson } from "./respond.js";

type Route = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void>;

/** The realm named in WWW-Authenticate. */
const REALM = "crm-relations-gateway";

/**
 * Caller authentication at the HTTP layer: a GraphQL request without a valid token is answered
 * 401 before its body is read or Apollo sees it, so no resolver runs and no vendor is called.
 * `callerOf` hands the proven caller to the request's context. Only `Authorization` is read;
 * every other header (a vendor token in a caller header, say) is left as it came.
 */
export function callerGate(authenticator: Authenticator, requestLog: Pick<RequestLog, "refused">) {
  const callers = new WeakMap<IncomingMessage, Caller>();
  return {
    guard(route: Route): Route {
      if (!authenticator.enabled) return route;
      return async (req, res, requestId) => {
        try {
          callers.set(req, await authenticator.authenticate(req.headers.authorization));
        } catch (error) {
          if (!(error instanceof CallerUnauthenticatedError)) throw error;
          requestLog.refused(requestId, undefined, 401, error.message);
          res.setHeader("www-authenticate", challenge(error));
          return sendJson(res, 401, { errors: [{ message: error.message, extensions: error.extensions() }] });
        }
        return route(req, res, requestId);
      };
    },
    callerOf(req: IncomingMessage): Caller {
      const caller = callers.get(req);
      if (caller) return caller;
      // Fails closed: a request that reached GraphQL around the guard is not let in as open.
      if (authenticator.enabled) throw new Error("GraphQL request without an authenticated caller");
      return OPEN_CALLER;
    },
  };
}

/** RFC 6750 §3: no error code when no token came, `invalid_token` with a description when one failed. */
function challenge(error: CallerUnauthenticatedError): string {
  if (error.missing) return `Bearer realm="${REALM}"`;
  // The description's characters are limited to printable ASCII without `"` and `\`.
  const description = error.message.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "");
  return `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`;
}
