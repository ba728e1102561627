import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/**
 * The files the playground page loads, all from this gateway: GraphiQL 3's and React 18's
 * prebuilt browser bundles (UMD, straight from their packages: no bundler, no CDN) and the
 * page's own script and styles in ./public/. Each is served at a path holding its content hash,
 * so browsers may cache it for good.
 */
export interface Asset {
  /** `/playground/<name>.<hash>.<ext>` */
  path: string;
  contentType: string;
  body: Buffer;
  /** Absent for what does not compress (fonts). */
  gzip?: Buffer;
}

/** What the page links, in load order: react-dom needs React, GraphiQL both, start.js all three. */
const FILES = [
  { package: "react", file: "umd/react.production.min.js", name: "react.js" },
  { package: "react-dom", file: "umd/react-dom.production.min.js", name: "react-dom.js" },
  { package: "graphiql", file: "graphiql.min.css", name: "graphiql.css" },
  { package: "graphiql", file: "graphiql.min.js", name: "graphiql.js" },
  { own: "playground.css", name: "playground.css" },
  { own: "start.js", name: "start.js" },
] as const;

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  woff2: "font/woff2",
  woff: "font/woff",
};

/** Next to this module in src/ and, copied by the build, in dist/. */
const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

let linked: Asset[] | undefined;
let fonts: Asset[] = [];

/** The scripts and stylesheets the page links, in order. */
export function playgroundAssets(): Asset[] {
  if (!linked) {
    const found: Asset[] = [];
    linked = FILES.map((entry) => {
      let text = readFileSync("own" in entry ? join(PUBLIC_DIR, entry.own) : join(packageDir(entry.package), entry.file), "utf8");
      // The bundles name source maps that are not served: drop the reference rather than answer 404s.
      text = text.replace(/\n?\/[/*]# sourceMappingURL=\S+(\s*\*\/)?\s*$/, "");
      if (entry.name.endsWith(".css")) text = extractFonts(text, found);
      return asset(entry.name, Buffer.from(text, "utf8"));
    });
    fonts = found;
  }
  return linked;
}

/** Any file the page may ask for: the linked ones and the fonts their styles name. */
export function playgroundAsset(path: string): Asset | undefined {
  return [...playgroundAssets(), ...fonts].find((a) => a.path === path);
}

/**
 * GraphiQL's CSS inlines 34 font files (350 KB of its 410) as data: URLs. As files of their own,
 * a browser fetches only the few the page's text needs (by unicode-range, woff2 before woff).
 */
function extractFonts(css: string, found: Asset[]): string {
  return css.replace(/url\(data:font\/(woff2?);base64,([A-Za-z0-9+/=]+)\)/g, (_match, ext: string, data: string) => {
    const font = asset(`font.${ext}`, Buffer.from(data, "base64"));
    found.push(font);
    return `url(${font.path})`;
  });
}

function asset(name: string, body: Buffer): Asset {
  const [base, ext] = name.split(/\.(?=[^.]+$)/) as [string, string];
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  const compressible = ext === "js" || ext === "css";
  return { path: `/playground/${base}.${hash}.${ext}`, contentType: TYPES[ext]!, body, ...(compressible && { gzip: gzipSync(body) }) };
}

function packageDir(name: string): string {
  // The UMD files are not in the packages' `exports`: find the package by its package.json.
  return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
}
