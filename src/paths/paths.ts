/**
 * Path and neighbourhood queries. Each starts from an id-index seek at its ends (the
 * label is known: the ends are resolved first, so an unknown id is refused before any
 * path Cypher runs) and never expands the whole graph:
 * - paths: a bidirectional search. Half of the hops are expanded from each end and the
 *   halves joined on their middle entity (a hash join), so the work grows with
 *   degree^(maxHops/2) instead of degree^maxHops. See bench/profile-paths.ts.
 * - shortestPath and neighborhood: Neo4j's breadth-first (ALL) SHORTEST.
 * - investor-customer paths: only relationships walked in the direction money and
 *   products flow, which prunes the expansion at every hop. The planner expands from the
 *   investor's index seek and checks the customer at the end (forcing a seek on the
 *   customer too only moved the expansion to the other end, for more db hits).
 * Relationship types and dates are parameters; hop counts must be literals in Cypher, so
 * each query text is built from a validated integer and labels from the model's closed set.
 */
import type { EntityLabel, RelationshipType } from '../graph/model.js';
import { RELATIONSHIP_TYPES } from '../graph/model.js';
import { int } from '../db/gateway.js';
import { HOLDS } from '../graph/time.js';
import {
  NODE,
  type Link,
  type NodeRecord,
  type PathRecord,
  type Props,
  type SubgraphRecord,
} from '../graph/records.js';
import type { Context } from '../graph/context.js';
import { MAX_HOPS } from '../limits.js';

interface PathRow {
  nodes: NodeRecord[];
  rels: { type: RelationshipType; props: Props; start: string; end: string }[];
}

/** Node uniqueness: Cypher only keeps relationships unique within a match. */
const SIMPLE = (nodes: string) => `all(i IN range(0, size(${nodes}) - 2) WHERE NOT ${nodes}[i] IN ${nodes}[i + 1..])`;
const PATH_RESULT = (nodes: string, rels: string) => `
  [n IN ${nodes} | ${NODE('n')}] AS nodes,
  [r IN ${rels} | {type: type(r), props: properties(r), start: startNode(r).id, end: endNode(r).id}] AS rels`;

export function pathsQuery(fromLabel: EntityLabel, toLabel: EntityLabel, maxHops: number): string {
  const [h1, h2] = [Math.ceil(maxHops / 2), Math.floor(maxHops / 2)];
  return `
    MATCH (a:${fromLabel} {id: $from})
    MATCH (b:${toLabel} {id: $to})
    MATCH p1 = (a)-[r1*0..${h1}]-(m)
    WHERE all(r IN r1 WHERE type(r) IN $types AND ${HOLDS('r')})
    MATCH p2 = (m)-[r2*0..${h2}]-(b)
    USING JOIN ON m
    WHERE all(r IN r2 WHERE type(r) IN $types AND ${HOLDS('r')})
    WITH p1, p2, size(r1) AS l1, size(r2) AS l2
    // Each path once: split with the longer half (by at most one) on the 'from' side.
    WHERE l1 + l2 >= 1 AND (l1 = l2 OR l1 = l2 + 1)
    WITH l1 + l2 AS length, nodes(p1) + tail(nodes(p2)) AS ns, relationships(p1) + relationships(p2) AS rs
    WHERE ${SIMPLE('ns')}
    WITH length, ns, rs ORDER BY length, [n IN ns | n.id], [r IN rs | r.uid]
    LIMIT $first
    RETURN ${PATH_RESULT('ns', 'rs')}`;
}

export function shortestPathQuery(fromLabel: EntityLabel, toLabel: EntityLabel): string {
  return `
    MATCH (a:${fromLabel} {id: $from})
    MATCH (b:${toLabel} {id: $to})
    MATCH p = ALL SHORTEST (a)(()-[r WHERE type(r) IN $types AND ${HOLDS('r')}]-()){1,${MAX_HOPS}}(b)
    // Among equally short paths, always the same one: the first by the ids along it.
    WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | r.uid] LIMIT 1
    RETURN ${PATH_RESULT('nodes(p)', 'relationships(p)')}`;
}

/**
 * The direction money and products flow: an investor into a round, a round to the company
 * that raised it, a seller to its buyer (CUSTOMER_OF and commercial PARTNER_OF are stored
 * buyer -> seller).
 */
const FLOWS = (x: string, r: string) => `(
    (type(${r}) = 'INVESTED_IN' AND startNode(${r}) = ${x})
    OR (type(${r}) IN ['RAISED', 'CUSTOMER_OF'] AND endNode(${r}) = ${x})
    OR (type(${r}) = 'PARTNER_OF' AND ${r}.commercial = true AND endNode(${r}) = ${x}))`;

/** maxHops >= 3: investor -> round -> company -> customer is the shortest. */
export function investorCustomerQuery(investorLabel: EntityLabel, withCustomer: boolean, maxHops: number): string {
  return `
    MATCH (inv:${investorLabel} {id: $investor})
    ${withCustomer ? 'MATCH (c:Organization {id: $customer})' : ''}
    MATCH p = (inv)-[i:INVESTED_IN WHERE ${HOLDS('i')}]->(:FundingRound)<-[z:RAISED WHERE ${HOLDS('z')}]-(:Organization)
              ((x)-[r WHERE ${FLOWS('x', 'r')} AND ${HOLDS('r')}]-()){1,${maxHops - 2}}
              (c:Organization)
    WHERE type(last(relationships(p))) IN ['CUSTOMER_OF', 'PARTNER_OF']
    WITH p, nodes(p) AS ns
    WHERE ${SIMPLE('ns')}
    WITH p, ns ORDER BY length(p), [n IN ns | n.id], [r IN relationships(p) | r.uid]
    LIMIT $first
    RETURN ${PATH_RESULT('ns', 'relationships(p)')}`;
}

/** The nearest `limit` entities (one more, to tell whether it was cut) and every relationship among them. */
export function neighbourhoodQuery(label: EntityLabel, depth: number): string {
  return `
    MATCH (a:${label} {id: $id})
    OPTIONAL CALL (a) {
      MATCH p = SHORTEST 1 (a)(()-[r WHERE type(r) IN $types AND ${HOLDS('r')}]-()){1,${depth}}(m)
      WHERE m <> a
      RETURN m, length(p) AS hops ORDER BY hops, m.id LIMIT $limit
    }
    WITH a, collect(m) AS found
    WITH [a] + found[..$keep] AS ns, size(found) > $keep AS truncated
    CALL (ns) {
      UNWIND ns AS x
      MATCH (x)-[r]->(y)
      WHERE y IN ns AND type(r) IN $types AND ${HOLDS('r')}
      RETURN collect(r) AS rs
    }
    RETURN ${PATH_RESULT('ns', 'rs')}, truncated`;
}

export async function runPaths(ctx: Context, cypher: string, params: Record<string, unknown>): Promise<PathRecord[]> {
  const rows = await ctx.db.read<PathRow>(cypher, params);
  ctx.budget.spend(rows.reduce((n, row) => n + row.nodes.length + row.rels.length, 0));
  return rows.map(toPath);
}

export async function runNeighbourhood(
  ctx: Context,
  cypher: string,
  params: Record<string, unknown>,
  limit: number,
): Promise<SubgraphRecord> {
  const [row] = await ctx.db.read<PathRow & { truncated: boolean }>(cypher, {
    ...params,
    limit: int(limit + 1),
    keep: int(limit),
  });
  ctx.budget.spend(row.nodes.length + row.rels.length);
  return { ...toPath(row), truncated: row.truncated };
}

/** The types to walk: the client's (checked by the GraphQL enum) or every type. */
export function typesOf(via: readonly RelationshipType[] | null | undefined): RelationshipType[] {
  return via && via.length > 0 ? RELATIONSHIP_TYPES.filter((type) => via.includes(type)) : [...RELATIONSHIP_TYPES];
}

// ---- private helpers ----

/** Both ends of every relationship are among the row's nodes. */
function toPath(row: PathRow): PathRecord {
  const byId = new Map(row.nodes.map((node) => [node.id, node]));
  const links: Link[] = row.rels.map((rel) => {
    const [from, to] = [byId.get(rel.start)!, byId.get(rel.end)!];
    return { type: rel.type, props: rel.props, from, to, other: to };
  });
  return { nodes: row.nodes, links };
}
