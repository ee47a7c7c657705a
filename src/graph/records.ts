/**
 * The shapes resolvers pass around: a node as Cypher returns it (its properties plus its
 * label), and a link (a relationship seen from one of its ends).
 */
import { ENTITY_LABELS, type EntityLabel, type RelationshipType } from './model.js';

export type Props = Record<string, unknown>;

export interface NodeRecord extends Props {
  __label: EntityLabel;
  id: string;
  name: string;
}

export interface Link {
  type: RelationshipType;
  props: Props;
  from: NodeRecord;
  to: NodeRecord;
  /** The end that is not the entity the link was loaded for. */
  other: NodeRecord;
}

/** A path: its nodes in order, and the link between each two (links[i] joins nodes[i] and nodes[i + 1]). */
export interface PathRecord {
  nodes: NodeRecord[];
  links: Link[];
}

export interface SubgraphRecord extends PathRecord {
  truncated: boolean;
}

export interface CoInvestorRecord {
  investor: NodeRecord;
  rounds: NodeRecord[];
}

/** One alumnus: the person, their jobs at the organization, what they founded later. */
export interface AlumnusEdgeRecord {
  cursor: string;
  node: { person: NodeRecord; jobs: Link[]; founded: NodeRecord[] };
}

/** Cypher projection of a node into a NodeRecord; __label is its entity label, whatever other labels it has. */
export const NODE = (variable: string) =>
  `${variable} {.*, __label: head([l IN labels(${variable}) WHERE l IN ${JSON.stringify(ENTITY_LABELS).replace(/"/g, "'")}])}`;

export interface MoneyValue {
  value: number;
  currency: string;
}

/** Money stored as <name> and <name>Currency properties. */
export function money(props: Props, name: string): MoneyValue | null {
  const value = props[name];
  const currency = props[`${name}Currency`];
  return typeof value === 'number' && typeof currency === 'string' ? { value, currency } : null;
}
