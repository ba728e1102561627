import { ConfigError } from "./config-error.js";
import { didYouMean } from "./did-you-mean.js";
import { VENDORS, type Vendor } from "./domain/vendor.js";
import type { SandboxMode } from "./vendors/contract.js";
import { moduleOf } from "./vendors/modules.js";

/**
 * SANDBOX_CREDENTIALS: the credential mode each sandboxed vendor's connection uses against its
 * sandbox's own token endpoints. A comma list of one mode for every sandboxed vendor (`static`,
 * `oauth`: each vendor's minted mode, `caller`) and `VENDOR=mode` items, which win over it
 * (e.g. `oauth,VENDOR=system-user`). Default `static`, as before the setting.
 */

/** Per sandboxed vendor, its connection's mode (none while sandboxes are off). */
export type SandboxCredentialModes = Partial<Record<Vendor, SandboxMode>>;

const KEY = "SANDBOX_CREDENTIALS";
/** The modes one word sets for every vendor. */
const EVERY_VENDOR = new Set<string>(["static", "oauth", "caller"]);

/**
 * `raw` read and checked; `sandboxed` are the vendors the sandboxes will serve. Naming a vendor
 * configured for real is an error (its connection is not the sandbox's), as is the setting
 * with sandboxes off.
 */
export function sandboxCredentialModes(raw: string | undefined, sandboxOn: boolean, sandboxed: readonly Vendor[]): SandboxCredentialModes {
  if (!sandboxOn) {
    if (raw !== undefined) throw new ConfigError(KEY, "has no effect with sandboxes off (SANDBOX=off, or NODE_ENV=production without SANDBOX=on)");
    return {};
  }
  let everyVendor: string | undefined;
  // Keyed by outside input: a Map, never a plain object.
  const explicit = new Map<Vendor, string>();
  const vendors = new Map<string, Vendor>(VENDORS.map((vendor) => [vendor, vendor]));
  for (const item of (raw ?? "static").split(",").map((part) => part.trim())) {
    const [name, mode, extra] = item.split("=").map((part) => part.trim());
    if (mode === undefined) {
      if (!EVERY_VENDOR.has(name!)) throw new ConfigError(KEY, `"${clip(item)}" is no mode: use static, oauth or caller, or VENDOR=mode (e.g. ${VENDORS[0]}=static)`);
      if (everyVendor !== undefined) throw new ConfigError(KEY, `names two modes for every vendor ("${everyVendor}" and "${name}")`);
      everyVendor = name;
      continue;
    }
    const vendor = vendors.get(name!);
    if (vendor === undefined || extra !== undefined) {
      const hint = didYouMean(name!, VENDORS);
      throw new ConfigError(KEY, `"${clip(item)}" names no vendor: use ${VENDORS.join(", ")}${hint ? ` (did you mean ${hint}?)` : ""}`);
    }
    if (explicit.has(vendor)) throw new ConfigError(KEY, `names ${vendor} twice`);
    if (!sandboxed.includes(vendor)) throw new ConfigError(KEY, `names ${vendor}, which is configured for real: its connection is no sandbox's`);
    explicit.set(vendor, mode);
  }
  const modes: SandboxCredentialModes = {};
  for (const vendor of sandboxed) modes[vendor] = modeOf(vendor, explicit.get(vendor) ?? everyVendor ?? "static", explicit.has(vendor));
  return modes;
}

/** `oauth` is the vendor's own minted mode; anything else must be one its sandbox offers. */
function modeOf(vendor: Vendor, given: string, explicit: boolean): SandboxMode {
  const { modes, oauth } = moduleOf(vendor).sandboxModes;
  const mode = given === "oauth" ? oauth : modes.find((m) => m === given);
  if (mode === undefined) {
    const where = explicit ? `${vendor}=${clip(given)}` : `"${clip(given)}"`;
    throw new ConfigError(KEY, `${where}: the ${moduleOf(vendor).label} sandbox offers ${modes.join(", ")}`);
  }
  return mode;
}

/** Input echoed in a message, bounded. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
