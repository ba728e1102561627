// Mounts GraphiQL with the settings the server wrote into #playground-config. React, ReactDOM and
// GraphiQL are the UMD globals of the scripts loaded before this one. A file of its own (not an
// inline script) so the page's Content-Security-Policy can say `script-src 'self'`.
const config = JSON.parse(document.getElementById("playground-config").textContent);
const send = GraphiQL.createFetcher({ url: config.endpoint });

// GraphiQL learns the operation's name from the editor a moment after it changes: run right after
// switching tabs and it sends the previous tab's name. A name the document does not define is
// dropped, so the server runs the document's one operation instead of refusing it.
function fetcher(params, options) {
  const { operationName, query } = params;
  const defined = operationName && new RegExp(`\\b(query|mutation|subscription)\\s+${operationName}\\b`).test(query);
  return send(defined ? params : { ...params, operationName: undefined }, options);
}

ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(
    GraphiQL,
    { fetcher, defaultTabs: config.tabs, defaultEditorToolsVisibility: false, shouldPersistHeaders: false },
    React.createElement(GraphiQL.Logo, null, config.title),
  ),
);
