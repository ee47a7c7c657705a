/**
 * The graph explorer at /: search an entity, draw its neighbourhood, expand nodes, show
 * the paths between two entities or from an investor to its customers, and inspect an
 * edge's properties and sources. Talks only to /graphql and /health on this server.
 */
import './explorer.css';
import * as api from './api';
import { COLORS, GraphView, INVESTOR_COLOR } from './graph';
import type { Edge, Entity, Path } from './api';

const $ = <T extends HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;
const message = $('#message');
const status = $('#status');
const details = $('#details');
const pathList = $('#path-list');

const graph = new GraphView($('#graph'), {
  onNode: (entity) => {
    showEntity(entity);
    void run(() => expand(entity.id));
  },
  onEdge: (edge, from, to) => showEdge(edge, from, to),
  onBackground: () => {
    details.replaceChildren();
  },
});

let shownPaths: Path[] = [];

// ---- messages and errors ---------------------------------------------------------------

function say(text: string | undefined, kind: 'error' | 'info' = 'error'): void {
  message.hidden = !text;
  message.textContent = text ?? '';
  message.className = kind;
}

/** Runs one step against the API; a failure shows its message (and the database's state when /health knows more). */
async function run(step: () => Promise<void>): Promise<void> {
  status.textContent = 'Loading…';
  try {
    await step();
    if (message.className === 'error') say(undefined);
  } catch (error) {
    const down = await api.health();
    say(down ?? (error instanceof Error ? error.message : String(error)));
  } finally {
    updateStatus();
  }
}

function updateStatus(): void {
  const cy = graph.cy;
  status.textContent = cy.nodes().length
    ? `${cy.nodes().length} entities, ${cy.edges().length} relationships`
    : 'Search for an entity on the left (e.g. Mistral) to draw its neighbourhood.';
}

// ---- the entity search, as you type ----------------------------------------------------

/** Turns an input into a search box: results as you type; a click (or Enter for the first) picks one. */
function picker(input: HTMLInputElement, onPick: (entity: Entity) => void): () => string | undefined {
  const list = document.createElement('ul');
  list.className = 'results';
  list.hidden = true;
  input.after(list);
  let picked: Entity | undefined;
  let found: Entity[] = [];
  let asked = 0;
  let timer: number | undefined;
  const pick = (entity: Entity) => {
    picked = entity;
    input.value = entity.name;
    list.hidden = true;
    onPick(entity);
  };
  input.addEventListener('input', () => {
    picked = undefined;
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      list.hidden = true;
      return;
    }
    timer = window.setTimeout(async () => {
      const mine = ++asked;
      // Say so when the answer is slow (a database that does not answer takes seconds to report).
      const slow = window.setTimeout(() => {
        list.replaceChildren(
          Object.assign(document.createElement('li'), { className: 'hint', textContent: 'searching…' }),
        );
        list.hidden = false;
      }, 400);
      try {
        const results = await api.search(text).finally(() => window.clearTimeout(slow));
        if (mine !== asked) return; // a later keystroke asked again
        found = results;
        if (message.className === 'error') say(undefined);
        list.replaceChildren(
          ...(found.length
            ? found.map((entity) => {
                const button = document.createElement('button');
                button.type = 'button';
                button.append(
                  entity.name,
                  Object.assign(document.createElement('small'), { textContent: label(entity) }),
                );
                button.addEventListener('click', () => pick(entity));
                const item = document.createElement('li');
                item.append(button);
                return item;
              })
            : [
                Object.assign(document.createElement('li'), {
                  className: 'hint',
                  textContent: `nothing matches “${text}”`,
                }),
              ]),
        );
        list.hidden = false;
      } catch (error) {
        if (mine !== asked) return;
        list.hidden = true;
        const down = await api.health();
        say(down ?? (error as Error).message);
      }
    }, 150);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !list.hidden && found.length) {
      event.preventDefault();
      pick(found[0]!);
    } else if (event.key === 'Escape') list.hidden = true;
  });
  input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 200));
  return () => (input.value.trim() ? picked?.id : undefined);
}

function label(entity: Entity): string {
  if (entity.__typename === 'Organization')
    return [entity.kind?.toLowerCase().replace('_', ' '), entity.country].filter(Boolean).join(', ');
  return { Person: 'person', Product: 'product', FundingRound: 'funding round' }[entity.__typename];
}

// ---- neighbourhoods ---------------------------------------------------------------------

const depth = $<HTMLSelectElement>('#depth');
let centre: Entity | undefined;

async function showNeighbourhood(entity: Entity): Promise<void> {
  const subgraph = await api.neighborhood(entity.id, Number(depth.value));
  shownPaths = [];
  renderPathList();
  graph.clear();
  graph.merge(subgraph.nodes, subgraph.edges);
  graph.focus(entity.id);
  await graph.layout(true);
  if (subgraph.truncated)
    say(`Only the nearest ${subgraph.nodes.length - 1} entities around ${entity.name} are drawn.`, 'info');
}

/** Merges an entity's neighbourhood (depth 1) into the drawing. */
async function expand(id: string): Promise<void> {
  const subgraph = await api.neighborhood(id, 1);
  const added = graph.merge(subgraph.nodes, subgraph.edges, id);
  if (added) {
    graph.highlight(undefined);
    pathList.querySelectorAll('li').forEach((li) => li.classList.remove('current'));
    await graph.layout();
  }
}

picker($<HTMLInputElement>('#search'), (entity) => {
  centre = entity;
  showEntity(entity);
  void run(() => showNeighbourhood(entity));
});
depth.addEventListener('change', () => {
  if (centre) void run(() => showNeighbourhood(centre!));
});

// ---- paths and investor → customer paths ------------------------------------------------

async function drawPaths(found: Path[], to: string | undefined, none: string): Promise<void> {
  shownPaths = found;
  graph.clear();
  details.replaceChildren();
  for (const path of found) graph.merge(path.nodes, path.edges);
  renderPathList();
  if (!found.length) {
    say(none, 'info');
    return;
  }
  say(undefined);
  await graph.layoutPaths(found, to);
  selectPath(0);
}

function renderPathList(): void {
  pathList.replaceChildren(
    ...shownPaths.map((path, index) => {
      const item = document.createElement('li');
      item.textContent = `${path.summary} (${path.length} hops)`;
      item.addEventListener('click', () => selectPath(index));
      return item;
    }),
  );
}

function selectPath(index: number): void {
  graph.highlight(shownPaths[index]);
  pathList.querySelectorAll('li').forEach((li, i) => li.classList.toggle('current', i === index));
}

const pathFrom = picker($<HTMLInputElement>('#path-from'), () => undefined);
const pathTo = picker($<HTMLInputElement>('#path-to'), () => undefined);
$('form[data-panel="paths"]').addEventListener('submit', (event) => {
  event.preventDefault();
  const from = pathFrom();
  const to = pathTo();
  if (!from || !to) return say('Pick both entities from the search results first.', 'info');
  const hops = Number($<HTMLSelectElement>('#path-hops').value);
  void run(async () => {
    let found = await api.paths(from, to, hops);
    if (!found.length) {
      // Nothing that short: the shortest path of any length up to 6 hops, if there is one.
      const shortest = await api.shortestPath(from, to);
      found = shortest ? [shortest] : [];
    }
    await drawPaths(
      found,
      to,
      `No path of at most 6 hops joins ${$<HTMLInputElement>('#path-from').value} and ${$<HTMLInputElement>('#path-to').value}.`,
    );
  });
});

const moneyInvestor = picker($<HTMLInputElement>('#money-investor'), () => undefined);
const moneyCustomer = picker($<HTMLInputElement>('#money-customer'), () => undefined);
$('form[data-panel="money"]').addEventListener('submit', (event) => {
  event.preventDefault();
  const investor = moneyInvestor();
  if (!investor) return say('Pick an investor from the search results first.', 'info');
  const customer = moneyCustomer();
  const hops = Number($<HTMLSelectElement>('#money-hops').value);
  void run(async () => {
    const found = await api.investorCustomerPaths(investor, customer, hops);
    await drawPaths(
      found,
      customer,
      `No customer is reached from ${$<HTMLInputElement>('#money-investor').value}'s investments within ${hops} hops.`,
    );
  });
});

// ---- modes --------------------------------------------------------------------------------

for (const tab of document.querySelectorAll<HTMLButtonElement>('.modes button')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll<HTMLButtonElement>('.modes button'))
      other.setAttribute('aria-selected', String(other === tab));
    for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]'))
      panel.hidden = panel.dataset.panel !== tab.dataset.mode;
    panel(tab.dataset.mode!).querySelector('input')?.focus();
  });
}
const panel = (mode: string) => $(`[data-panel="${mode}"]`);

// ---- details of an entity or a relationship -----------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function table(rows: [string, string][]): HTMLTableElement {
  const t = el('table');
  for (const [name, value] of rows) {
    const row = t.insertRow();
    row.insertCell().textContent = name;
    row.insertCell().textContent = value;
  }
  return t;
}

function showEntity(entity: Entity): void {
  details.replaceChildren(
    el('h2', entity.name),
    el('div', label(entity), 'type'),
    table([
      ['id', entity.id],
      ['type', entity.__typename],
    ]),
    el(
      'p',
      'A click on a node adds its neighbours to the drawing; pick it under Paths to see how it connects to another.',
      'hint',
    ),
  );
}

/** A relationship's properties for reading: amounts with their currency and thousands separators. */
function readable(properties: Edge['properties']): [string, string][] {
  const byName = new Map(properties.map((p) => [p.name, p.value]));
  return properties
    .filter((p) => !(p.name.endsWith('Currency') && byName.has(p.name.slice(0, -'Currency'.length))))
    .map((p) => {
      const currency = byName.get(`${p.name}Currency`);
      const number = Number(p.value);
      const value =
        p.value !== '' && Number.isFinite(number) && number >= 10_000 ? number.toLocaleString('en') : p.value;
      return [p.name, currency ? `${currency} ${value}` : p.name === 'stakePercent' ? `${value} %` : value];
    });
}

function showEdge(edge: Edge, from: Entity, to: Entity): void {
  const sources = el('ul');
  for (const source of edge.sources) {
    const item = el('li');
    const text = [source.title, source.publisher, source.date].filter(Boolean).join(' · ');
    if (source.url) {
      const link = el('a', text);
      link.href = source.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      item.append(link);
    } else item.textContent = `${text} (no web address)`;
    sources.append(item);
  }
  details.replaceChildren(
    el('h2', edge.type),
    el('div', `${from.name} → ${to.name}`, 'type'),
    table([
      ...readable(edge.properties),
      ['confidence', edge.confidence.toLowerCase().replace('_', ' ')],
      ...(edge.note ? [['note', edge.note] as [string, string]] : []),
    ]),
    el('h2', `Sources (${edge.sources.length})`),
    sources,
  );
}

// ---- legend, start-up, test hook ----------------------------------------------------------

$('#legend').replaceChildren(
  ...[...Object.entries(COLORS), ['Investor (firm or bank)', INVESTOR_COLOR]].map(([name, color]) => {
    const item = el('li');
    const swatch = el('i');
    swatch.style.background = color;
    item.append(swatch, name.replace('FundingRound', 'Funding round'));
    return item;
  }),
);

updateStatus();
void api.health().then((down) => say(down));

declare global {
  interface Window {
    __explorer: { cy: GraphView['cy']; highlighted: () => string[] };
  }
}
window.__explorer = { cy: graph.cy, highlighted: () => graph.highlighted() };
