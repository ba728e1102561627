/** Ready-to-run operations the playground opens with, one tab each; ids are the sandboxes' demo data. */
export interface PlaygroundExample {
  title: string;
  query: string;
  variables?: string;
}

export const PLAYGROUND_EXAMPLES: PlaygroundExample[] = [
  {
    title: "Connections",
    query: `# The vendor connections this gateway serves, and which are sandboxes.
query Connections {
  connections {
    vendor
    name
    sandbox
  }
}
`,
  },
];
