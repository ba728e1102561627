/**
 * `npm run -s token -- --scope "relations:read"`: prints a token for a gateway started with
 * AUTH_DEV=on, signed with the development key pair in `.dev-auth/` (made on first use, never
 * committed). For development only: it refuses to run under NODE_ENV=production, and the
 * gateway refuses AUTH_DEV there.
 */
import { parseArgs } from "node:util";
import { mintDevToken } from "../src/auth/dev-keys.js";

const USAGE = `Usage: npm run -s token -- [--scope "relations:read relations:write"] [--connections "HIGHLEVEL/*,SUPEROFFICE/default"]
                           [--subject dev-user] [--expires-in 3600]
Prints a JWT for a gateway started with AUTH_DEV=on (README, "Authentication").
`;

if (process.env.NODE_ENV?.trim() === "production") {
  process.stderr.write("npm run token: the development key pair is never used under NODE_ENV=production\n");
  process.exit(1);
}

let values: { scope?: string; connections?: string; subject?: string; "expires-in"?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      scope: { type: "string" },
      connections: { type: "string" },
      subject: { type: "string" },
      "expires-in": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const expiresIn = Number(values["expires-in"] ?? 3600);
if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 7 * 24 * 3600) {
  process.stderr.write(`--expires-in: must be a number of seconds from 1 to 604800 (got "${values["expires-in"]}")\n`);
  process.exit(2);
}
const token = await mintDevToken({
  scope: values.scope ?? "relations:read relations:write",
  connections: values.connections?.split(",").map((c) => c.trim()).filter((c) => c !== ""),
  subject: values.subject ?? "dev-user",
  expiresInSeconds: expiresIn,
});
process.stdout.write(`${token}\n`);
