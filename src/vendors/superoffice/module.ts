import { z } from "zod";
import { CallerCredentials } from "../../credentials/caller.js";
import { secretsOf, type CredentialProvider } from "../../credentials/credential.js";
import { MintedCredentials } from "../../credentials/minted.js";
import type { CredentialServices } from "../../credentials/services.js";
import { StaticCredentials } from "../../credentials/static.js";
import { refreshTokenGrant } from "../../credentials/token-endpoint.js";
import { defineVendor, type Connection } from "../contract.js";
import { callerHeader, modeOf, oauthRefreshSettings, oneCredentialMode } from "../credential-settings.js";
import { httpUrl, optionalText, secret } from "../settings.js";
import { CATALOGUE_MAX_DEFINITIONS, CREATE_CALLS, SuperOfficeClient } from "./client.js";
import { privateKeyOf, systemUserSource } from "./system-user.js";
import { validateKey } from "./validate.js";

/** SuperOffice CRM Web API v1: contacts, persons and their relations. */

const SCHEMES = /^(bearer|soticket|basic)\s+\S+/i;

/** The setting that selects each credential mode. */
const MODES = { static: "authorization", refresh: "oauth", systemUser: "systemUser", caller: "callerHeader" } as const;

/** A system user: the app's system user token, its RSA private key (PEM text or a file), the tenant and login URL (derived by default). */
const systemUserSettings = z
  .object({
    token: secret,
    privateKey: secret.optional(),
    privateKeyFile: optionalText,
    /** The tenant (`Cust12345`); default: the base URL's `Cust…` segment. */
    contextIdentifier: optionalText,
    /** Default: the environment's `/Login/api/PartnerSystemUser/Authenticate`. */
    url: httpUrl.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.privateKey === undefined) === (s.privateKeyFile === undefined)) {
      ctx.addIssue({ code: "custom", path: ["privateKey"], message: "is required: the app's RSA private key as PEM text, or privateKeyFile (one of them)" });
      return;
    }
    try {
      privateKeyOf(s.privateKey, s.privateKeyFile);
    } catch {
      // Never the key or the file's text: only that it did not load.
      const path = s.privateKey === undefined ? "privateKeyFile" : "privateKey";
      ctx.addIssue({ code: "custom", path: [path], message: "is not a readable RSA private key in PEM form" });
    }
  });

/** The tenant segment of a base URL (`…/Cust12345/api/v1`). */
function contextOf(baseUrl: string): string | undefined {
  return /\/(Cust\d+)(\/|$)/i.exec(new URL(baseUrl).pathname)?.[1];
}

/** SuperOffice's online environments; numbered data hosts (`sod2`) belong to the unnumbered one. */
const ENVIRONMENTS = /^(sod|online|qaonline|stage)\d*\.superoffice\.com$/i;

/** `https://{env}.superoffice.com` for a tenant's base URL, or undefined when its host is no SuperOffice environment. */
export function environmentOrigin(baseUrl: string): string | undefined {
  const env = ENVIRONMENTS.exec(new URL(baseUrl).hostname)?.[1];
  return env && `https://${env.toLowerCase()}.superoffice.com`;
}

export const superOfficeSettings = z
  .object({
    /** The tenant's `…/api/v1` root. */
    baseUrl: httpUrl,
    /** The whole Authorization header value: `Bearer …`, `SOTicket …` or `Basic …` (static mode). */
    authorization: secret.refine((value) => SCHEMES.test(value), "must be the whole header value: 'Bearer …', 'SOTicket …' or 'Basic …'").optional(),
    /** OAuth refresh (its refresh token does not rotate); tokenUrl defaults to the environment's. */
    oauth: oauthRefreshSettings.optional(),
    /** System user: a ticket minted from the app's signed system user token. */
    systemUser: systemUserSettings.optional(),
    /** Caller mode: the incoming header whose value is sent as the Authorization header. */
    callerHeader,
    /** The app's client secret, sent as SO-AppToken (and the system user's ApplicationToken). */
    appToken: optionalText,
    /** Sent as Accept-Language when the GraphQL request names none, so multi-language texts come back decoded. */
    language: optionalText,
    /** SO-Culture (number and date formats) and SO-TimeZone, sent on every call when set. */
    culture: optionalText,
    timeZone: optionalText,
  })
  .strict()
  .superRefine(oneCredentialMode(MODES))
  .superRefine((c, ctx) => {
    if (c.oauth && !c.oauth.tokenUrl && !environmentOrigin(c.baseUrl)) {
      ctx.addIssue({ code: "custom", path: ["oauth", "tokenUrl"], message: "is required: the base URL's host is not sod, online, qaonline or stage.superoffice.com" });
    }
    if (c.systemUser) {
      if (!c.appToken) ctx.addIssue({ code: "custom", path: ["appToken"], message: "is required for a system user (its ApplicationToken)" });
      if (!c.systemUser.contextIdentifier && !contextOf(c.baseUrl)) {
        ctx.addIssue({ code: "custom", path: ["systemUser", "contextIdentifier"], message: "is required: the base URL has no Cust… segment" });
      }
      if (!c.systemUser.url && !environmentOrigin(c.baseUrl)) {
        ctx.addIssue({ code: "custom", path: ["systemUser", "url"], message: "is required: the base URL's host is not sod, online, qaonline or stage.superoffice.com" });
      }
    }
  });

export type SuperOfficeConnection = Connection<z.output<typeof superOfficeSettings>>;

/** The MDO list of definitions, then each one read in full up to the cap. */
const CATALOGUE_CALLS = 1 + CATALOGUE_MAX_DEFINITIONS;

export const superOffice = defineVendor({
  vendor: "SUPEROFFICE",
  label: "SuperOffice",
  configKey: "superoffice",
  settings: superOfficeSettings,
  env: {
    settings: {
      baseUrl: "SUPEROFFICE_BASE_URL",
      authorization: "SUPEROFFICE_AUTHORIZATION",
      oauth: {
        clientId: "SUPEROFFICE_CLIENT_ID",
        clientSecret: "SUPEROFFICE_CLIENT_SECRET",
        refreshToken: "SUPEROFFICE_REFRESH_TOKEN",
        tokenUrl: "SUPEROFFICE_TOKEN_URL",
        redirectUri: "SUPEROFFICE_REDIRECT_URI",
      },
      systemUser: {
        token: "SUPEROFFICE_SYSTEM_USER_TOKEN",
        privateKey: "SUPEROFFICE_PRIVATE_KEY",
        privateKeyFile: "SUPEROFFICE_PRIVATE_KEY_FILE",
        contextIdentifier: "SUPEROFFICE_CONTEXT_IDENTIFIER",
        url: "SUPEROFFICE_SYSTEM_USER_URL",
      },
      callerHeader: "SUPEROFFICE_CALLER_HEADER",
      appToken: "SUPEROFFICE_APP_TOKEN",
      language: "SUPEROFFICE_LANGUAGE",
      culture: "SUPEROFFICE_CULTURE",
      timeZone: "SUPEROFFICE_TIMEZONE",
    },
    configuredBy: [
      "SUPEROFFICE_BASE_URL",
      "SUPEROFFICE_AUTHORIZATION",
      "SUPEROFFICE_APP_TOKEN",
      "SUPEROFFICE_CLIENT_ID",
      "SUPEROFFICE_REFRESH_TOKEN",
      "SUPEROFFICE_SYSTEM_USER_TOKEN",
      "SUPEROFFICE_CALLER_HEADER",
    ],
    // SUPEROFFICE_LANGUAGE=no makes the sandbox answer in Norwegian, as it would a real tenant.
    sandbox: ["language", "culture", "timeZone"],
  },
  kinds: ["Contact", "Person", "ContactRelation", "RelationType"],
  validateKey,
  cost: {
    // One GET per entity (Contact, Person, Relation); a relation type is looked up in the catalogue.
    load: (kind) => (kind === "RelationType" ? CATALOGUE_CALLS : 1),
    // The Relation archive page, then each listed relation loaded in full.
    relationsOf: (_kind, { first }) => 1 + first,
    catalogue: CATALOGUE_CALLS,
    create: CREATE_CALLS,
    delete: 1,
  },
  http: (c) => ({
    baseUrl: c.baseUrl,
    secrets: [...(c.authorization ? secretsOf(c.authorization) : []), c.appToken, c.oauth?.clientSecret, c.oauth?.refreshToken, c.systemUser?.token, c.systemUser?.privateKey].filter(
      (s): s is string => s !== undefined && s.length >= 4,
    ),
  }),
  credentials: {
    provider: credentialsOf,
    // The app token goes with every credential, a ticket's as an OAuth token's.
    headers: (c, credential) => ({ authorization: credential.authorization, "so-apptoken": c.appToken || undefined }),
    rotates: () => false,
    mode: (c) => modeOf(MODES, c),
  },
  createClient: (c, http, scope) => new SuperOfficeClient(c, http, scope),
  sandboxModes: { modes: ["static", "oauth", "system-user", "caller"], oauth: "oauth" },
  startSandbox: async (options) => (await import("../../sandbox/superoffice/index.js")).startSuperOfficeSandbox(options),
});

/** Static header value, OAuth refresh at the environment's token endpoint, a system user's ticket, or the caller's header. */
function credentialsOf(c: SuperOfficeConnection, services: CredentialServices): CredentialProvider {
  if (c.callerHeader) return new CallerCredentials(c.callerHeader, services.target, services.name);
  if (c.systemUser) {
    const url = c.systemUser.url ?? `${environmentOrigin(c.baseUrl)}/Login/api/PartnerSystemUser/Authenticate`;
    const contextIdentifier = c.systemUser.contextIdentifier ?? contextOf(c.baseUrl)!;
    const source = systemUserSource({
      url,
      systemUserToken: c.systemUser.token,
      privateKey: privateKeyOf(c.systemUser.privateKey, c.systemUser.privateKeyFile),
      appToken: c.appToken!,
      contextIdentifier,
      target: services.target,
      name: services.name,
    });
    return new MintedCredentials("systemUser", source, services, JSON.stringify([url, contextIdentifier, c.systemUser.token]));
  }
  if (c.oauth) {
    const tokenUrl = c.oauth.tokenUrl ?? `${environmentOrigin(c.baseUrl)}/login/common/oauth/tokens`;
    const grant = refreshTokenGrant({
      ...c.oauth,
      tokenUrl,
      rotates: false,
      extra: { redirect_uri: c.oauth.redirectUri },
      target: services.target,
      name: services.name,
    });
    return new MintedCredentials("refresh", grant, services, JSON.stringify([tokenUrl, c.oauth.clientId]));
  }
  return new StaticCredentials(c.authorization!);
}
