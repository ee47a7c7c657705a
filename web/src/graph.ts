/**
 * The Cytoscape.js view: entities as nodes styled by type, relationships as edges labelled
 * by type, merged in batches (so a neighbourhood of a few hundred draws at once), and a
 * highlighted path.
 */
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from 'cytoscape';
import type { Edge, Entity, Path } from './api';

export const COLORS: Record<Entity['__typename'], string> = {
  Organization: '#3467c9',
  Person: '#e07b2a',
  FundingRound: '#2f9e44',
  Product: '#8e44ad',
};
export const INVESTOR_COLOR = '#0b8a8a';
const HIGHLIGHT = '#d6336c';

/** One relationship's id: two links of one type between two entities differ by their properties. */
export function edgeId(edge: Edge): string {
  return [edge.source, edge.type, edge.target, ...edge.properties.map((p) => `${p.name}=${p.value}`)].join('|');
}

export interface GraphHandlers {
  onNode(entity: Entity): void;
  onEdge(edge: Edge, from: Entity, to: Entity): void;
  onBackground(): void;
}

export class GraphView {
  readonly cy: Core;

  constructor(container: HTMLElement, handlers: GraphHandlers) {
    this.cy = cytoscape({
      container,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(name)',
            'font-size': 10,
            'font-family': 'system-ui, sans-serif',
            'text-valign': 'bottom',
            'text-margin-y': 3,
            'text-wrap': 'wrap',
            'text-max-width': '120px',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.75,
            'text-background-padding': '1px',
            'min-zoomed-font-size': 7,
            width: 20,
            height: 20,
            'background-color': '#888',
            'border-color': '#ffffff',
            'border-width': 1.5,
          },
        },
        {
          selector: 'node[type="Organization"]',
          style: { shape: 'round-rectangle', 'background-color': COLORS.Organization },
        },
        { selector: 'node[kind="INVESTMENT_FIRM"], node[kind="BANK"]', style: { 'background-color': INVESTOR_COLOR } },
        { selector: 'node[type="Person"]', style: { shape: 'ellipse', 'background-color': COLORS.Person } },
        { selector: 'node[type="FundingRound"]', style: { shape: 'diamond', 'background-color': COLORS.FundingRound } },
        { selector: 'node[type="Product"]', style: { shape: 'hexagon', 'background-color': COLORS.Product } },
        {
          selector: 'node.focus',
          style: {
            width: 34,
            height: 34,
            'font-size': 13,
            'font-weight': 'bold',
            'min-zoomed-font-size': 0,
            'border-color': '#222',
            'border-width': 2,
          },
        },
        { selector: 'node:selected', style: { 'border-color': '#222', 'border-width': 3 } },
        {
          selector: 'edge',
          style: {
            width: 1.2,
            'curve-style': 'bezier',
            'line-color': '#aab2bf',
            'target-arrow-color': '#aab2bf',
            'target-arrow-shape': 'triangle',
            'arrow-scale': 0.7,
            label: 'data(type)',
            'font-size': 7,
            'font-family': 'system-ui, sans-serif',
            color: '#5c6370',
            'text-rotation': 'autorotate',
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.7,
            'min-zoomed-font-size': 6,
          },
        },
        { selector: '.faded', style: { opacity: 0.15 } },
        { selector: 'node.path', style: { 'border-color': HIGHLIGHT, 'border-width': 4, 'z-index': 10 } },
        {
          selector: 'edge.path',
          style: {
            width: 4,
            'line-color': HIGHLIGHT,
            'target-arrow-color': HIGHLIGHT,
            color: HIGHLIGHT,
            'font-size': 9,
            'z-index': 10,
          },
        },
        {
          selector: 'edge:selected',
          style: { width: 4, 'line-color': '#222', 'target-arrow-color': '#222', color: '#222', opacity: 1 },
        },
      ],
    });
    this.cy.on('tap', 'node', (event) => handlers.onNode(event.target.data('entity') as Entity));
    this.cy.on('tap', 'edge', (event) => {
      const edge = event.target;
      handlers.onEdge(
        edge.data('edge') as Edge,
        edge.source().data('entity') as Entity,
        edge.target().data('entity') as Entity,
      );
    });
    this.cy.on('tap', (event) => {
      if (event.target === this.cy) handlers.onBackground();
    });
  }

  clear(): void {
    this.cy.elements().remove();
  }

  /**
   * Adds the entities and relationships not drawn yet, in one batch; new entities start at
   * `near`'s position so the layout grows out of it. Returns how many entities were new.
   */
  merge(nodes: Entity[], edges: Edge[], near?: string): number {
    const origin = near ? this.cy.getElementById(near) : undefined;
    const position = origin?.nonempty() ? { ...origin.position() } : undefined;
    const added: ElementDefinition[] = [];
    for (const entity of nodes) {
      if (this.cy.getElementById(entity.id).nonempty()) continue;
      added.push({
        group: 'nodes',
        data: { id: entity.id, name: entity.name, type: entity.__typename, kind: entity.kind, entity },
        position: position
          ? { x: position.x + Math.random() * 40 - 20, y: position.y + Math.random() * 40 - 20 }
          : undefined,
      });
    }
    const present = new Set([...nodes.map((n) => n.id), ...this.cy.nodes().map((n) => n.id())]);
    for (const edge of edges) {
      const id = edgeId(edge);
      if (this.cy.getElementById(id).nonempty() || !present.has(edge.source) || !present.has(edge.target)) continue;
      added.push({ group: 'edges', data: { id, source: edge.source, target: edge.target, type: edge.type, edge } });
    }
    this.cy.batch(() => this.cy.add(added));
    return added.filter((element) => element.group === 'nodes').length;
  }

  /** cose for a neighbourhood (`fresh`: from scratch, else grown from the current positions). */
  layout(fresh = false): Promise<void> {
    return this.run({
      name: 'cose',
      animate: false,
      randomize: fresh,
      nodeDimensionsIncludeLabels: true,
      nodeRepulsion: () => 60000,
      idealEdgeLength: () => 110,
      edgeElasticity: () => 60,
      gravity: 0.6,
      numIter: 1000,
    } as LayoutOptions);
  }

  /**
   * Paths read left to right: an entity in the column of its first place along a path
   * (paths come shortest first), the common end (`to`, if given) in the last column.
   */
  layoutPaths(paths: Path[], to?: string): Promise<void> {
    const column = new Map<string, number>();
    for (const path of paths)
      path.nodes.forEach((node, index) => column.set(node.id, Math.min(column.get(node.id) ?? index, index)));
    if (to) column.set(to, Math.max(...paths.map((path) => path.length)));
    const rows = new Map<number, string[]>();
    for (const [id, at] of column) rows.set(at, [...(rows.get(at) ?? []), id]);
    const positions: Record<string, { x: number; y: number }> = {};
    for (const [at, ids] of rows)
      ids.forEach((id, row) => (positions[id] = { x: at * 230, y: (row - (ids.length - 1) / 2) * 110 }));
    return this.run({ name: 'preset', positions } as LayoutOptions);
  }

  /** Runs a layout, then fits the drawing, never zooming in past 1.2 (a short path is not drawn huge). */
  private run(options: LayoutOptions): Promise<void> {
    const layout = this.cy.layout({ ...options, fit: false } as LayoutOptions);
    const done = new Promise<void>((resolve) =>
      layout.one('layoutstop', () => {
        this.cy.fit(undefined, 40);
        if (this.cy.zoom() > 1.2) {
          this.cy.zoom(1.2);
          this.cy.center();
        }
        resolve();
      }),
    );
    layout.run();
    return done;
  }

  focus(id: string): void {
    this.cy.batch(() => {
      this.cy.nodes('.focus').removeClass('focus');
      this.cy.getElementById(id).addClass('focus');
    });
  }

  /** Highlights one path and fades the rest; no path clears the highlight. */
  highlight(path: Path | undefined): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('path faded');
      if (!path) return;
      const onPath = this.cy.collection();
      for (const node of path.nodes) onPath.merge(this.cy.getElementById(node.id));
      for (const edge of path.edges) onPath.merge(this.cy.getElementById(edgeId(edge)));
      onPath.addClass('path');
      this.cy.elements().difference(onPath).addClass('faded');
    });
  }

  /** The ids of the highlighted path's entities (for tests and the status line). */
  highlighted(): string[] {
    return this.cy.nodes('.path').map((node) => node.id());
  }
}
