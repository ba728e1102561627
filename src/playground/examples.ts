import { readdirSync, readFileSync } from "node:fs";

/**
 * The operations the playground opens with, one tab each (GraphiQL names a tab after its
 * operation): the files in ./examples/, in file-name order. Their ids are the sandboxes'
 * demo data, so each returns something real under `npm start`; codegen and a test check them
 * against the schema. A tab that spreads `...End` gets the shared fragment appended.
 */
export interface PlaygroundExample {
  /** The operation's name: GraphiQL's tab title. */
  name: string;
  query: string;
}

/** Next to this module in src/ and, copied by the build, in dist/. */
export const EXAMPLES_DIR = new URL("./examples/", import.meta.url);
const SHARED_FRAGMENT = "end.fragment.graphql";

export function loadExamples(dir: URL = EXAMPLES_DIR): PlaygroundExample[] {
  const read = (file: string) => readFileSync(new URL(file, dir), "utf8");
  const fragment = read(SHARED_FRAGMENT).replace(/^#.*\n/, "");
  return readdirSync(dir)
    .filter((file) => /^\d+-[\w-]+\.graphql$/.test(file))
    .sort()
    .map((file) => {
      const text = read(file);
      const name = /^\s*(?:query|mutation)\s+(\w+)/m.exec(text)?.[1];
      if (!name) throw new Error(`playground example ${file} has no named operation`);
      return { name, query: text.includes("...End") ? `${text}\n${fragment}` : text };
    });
}
