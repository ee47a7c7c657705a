/**
 * The GraphQL IDE at GET /graphql: GraphiQL 5 with its docs pane, autocompletion and
 * history, bundled from npm (Monaco's workers included), opening on the example tabs.
 * Plain createElement rather than JSX keeps the build free of a React plugin.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createElement as h, type FC } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { EXAMPLES } from './examples';

interface Params {
  query: string;
  operationName?: string | null;
}

/**
 * GraphiQL may send the operation name of the tab it just left when run right after a tab
 * switch; a name the query does not define is dropped (the server then runs its only operation).
 */
function withKnownOperation(params: Params): Params {
  const name = params.operationName;
  if (!name || new RegExp(`\\b(query|mutation|subscription)\\s+${name}\\b`).test(params.query)) return params;
  return { ...params, operationName: undefined };
}

/** POSTs to our own /graphql; a network failure becomes an error GraphiQL shows in the response pane. */
async function fetcher(params: Params, options?: { headers?: Record<string, string> }): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
      body: JSON.stringify(withKnownOperation(params)),
    });
  } catch (error) {
    throw new Error(
      `The API at ${location.origin}/graphql does not answer (${(error as Error).message}). Is the server running?`,
    );
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The API answered HTTP ${response.status} with something that is not JSON: ${text.slice(0, 300)}`);
  }
}

/** A sidebar list of the examples: a click opens one in a new tab (the default tabs may have been closed). */
const ExamplesList: FC = () => {
  const { addTab } = useGraphiQLActions();
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  return h(
    'div',
    { className: 'examples' },
    h('div', { className: 'graphiql-doc-explorer-title' }, 'Examples'),
    h('p', null, 'Each opens in a new tab; press the run button to see the answer.'),
    h(
      'ul',
      null,
      EXAMPLES.map((example) =>
        h(
          'li',
          { key: example.title },
          h(
            'button',
            {
              type: 'button',
              className: 'graphiql-button',
              onClick: () => {
                addTab();
                // The new tab's editor is bound on the next render.
                setTimeout(() => queryEditor?.setValue(example.query), 0);
              },
            },
            example.title,
          ),
        ),
      ),
    ),
  );
};

const BookIcon: FC = () =>
  h(
    'svg',
    { viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true },
    h('path', { d: 'M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2V5z' }),
    h('path', { d: 'M4 19a2 2 0 0 1 2-2h13' }),
  );

const examplesPlugin: GraphiQLPlugin = { title: 'Examples', icon: BookIcon, content: ExamplesList };

const style = document.createElement('style');
style.textContent = `
  .examples ul { list-style: none; padding: 0; margin: 0; }
  .examples li { margin: 6px 0; }
  .graphiql-logo { white-space: nowrap; }
  .examples p { color: hsla(var(--color-neutral), var(--alpha-secondary)); }
`;
document.head.append(style);

createRoot(document.getElementById('ide')!).render(
  h(
    GraphiQL,
    {
      fetcher: fetcher as never,
      defaultTabs: EXAMPLES.map((example) => ({ query: example.query })),
      plugins: [HISTORY_PLUGIN, examplesPlugin],
      defaultEditorToolsVisibility: false,
    },
    h(GraphiQL.Logo, null, 'euro-ai-graph'),
  ),
);
