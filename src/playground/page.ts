import { gzipSync } from "node:zlib";
import { playgroundAssets } from "./assets.js";
import { loadExamples } from "./examples.js";

export interface PlaygroundPage {
  html: string;
  /** The page as UTF-8 bytes, and gzipped for browsers that accept it. */
  body: Buffer;
  gzip: Buffer;
}

const TITLE = "CRM relations gateway";
/** A plain mark, inline so the page asks for no /favicon.ico. */
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="4" cy="8" r="3" fill="#e535ab"/><circle cx="12" cy="8" r="3" fill="#e535ab"/><path d="M4 8h8" stroke="#e535ab" stroke-width="2"/></svg>');

let page: PlaygroundPage | undefined;

/**
 * GraphiQL opened on a tab per example: a small HTML page whose scripts and styles are
 * ./assets.ts's files, served by this gateway (it works offline). The settings travel as JSON
 * in a non-executed script element, read by public/start.js.
 */
export function playgroundPage(): PlaygroundPage {
  if (!page) {
    const config = { title: TITLE, endpoint: "/graphql", tabs: loadExamples().map(({ query }) => ({ query })) };
    const tags = playgroundAssets().map(({ path }) =>
      path.endsWith(".css") ? `<link rel="stylesheet" href="${path}">` : `<script src="${path}"></script>`,
    );
    const html = [
      "<!doctype html>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${TITLE}</title>`,
      `<link rel="icon" href="${FAVICON}">`,
      ...tags.filter((tag) => tag.startsWith("<link")),
      "</head>",
      "<body>",
      '<div id="graphiql">Loading the playground…</div>',
      // `<` escaped: an example's text can never close this element.
      `<script type="application/json" id="playground-config">${JSON.stringify(config).replace(/</g, "\\u003c")}</script>`,
      ...tags.filter((tag) => tag.startsWith("<script")),
      "</body>",
      "</html>",
      "",
    ].join("\n");
    const body = Buffer.from(html, "utf8");
    page = { html, body, gzip: gzipSync(body) };
  }
  return page;
}

/**
 * What the page may load: its scripts, styles and fonts from this gateway (no inline or
 * evaluated script), inline styles (React sets some) and data: images (the favicon, GraphiQL's
 * icons). `connect-src 'self'` keeps GraphiQL talking to this gateway only.
 */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
