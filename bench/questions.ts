/**
 * The five questions of the benchmark, each asked three ways on the same graph:
 * - ours: a GraphQL request to our API;
 * - raw: one hand-written Cypher query through neo4j-driver, returning the same data
 *   (the lower bound: no GraphQL, no resolvers, no HTTP). For the two path questions the
 *   raw query is our API's own path Cypher (src/paths/paths.ts): it is already one
 *   hand-tuned query, so the ratio shows what the API adds around it;
 * - peer: a GraphQL request to the @neo4j/graphql server (bench/neo4j-graphql/server.ts).
 */
import neo4j from 'neo4j-driver';
import { investorCustomerQuery, neighbourhoodQuery, typesOf } from '../src/paths/paths.js';
import type { Probes } from './generate.js';

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface Question {
  name: string;
  /** A nested question (where the ratio to @neo4j/graphql must be at most 1.0). */
  nested: boolean;
  ours: GraphqlRequest;
  raw: { cypher: string; params: Record<string, unknown> };
  peer: GraphqlRequest | null;
}

const SOURCES = (list: string) => `COLLECT { MATCH (s:Source) WHERE s.id IN ${list} RETURN s {.url, .title} }`;

export function questions(p: Probes): Question[] {
  return [
    {
      name: 'organization: founders, their jobs, rounds, investors, sources',
      nested: true,
      ours: {
        query: `query($id: ID!) { organization(id: $id) { id name sources { url title }
          founders { id name workedAt { role since until organization { id name } sources { url title } } }
          fundingRounds { id name announced amount { value currency } sources { url title }
            investments { lead investor { id name } sources { url title } } } } }`,
        variables: { id: p.company },
      },
      raw: {
        cypher: `
          MATCH (o:Organization {id: $id})
          RETURN o {.id, .name, sources: ${SOURCES('o.sources')},
            founders: COLLECT { MATCH (f:Person)-[:FOUNDED]->(o) RETURN f {.id, .name,
              workedAt: COLLECT { MATCH (f)-[w:WORKED_AT]->(e:Organization)
                RETURN {role: w.role, since: w.since, until: w.until, organization: e {.id, .name}, sources: ${SOURCES('w.sources')}} } } },
            fundingRounds: COLLECT { MATCH (o)-[:RAISED]->(r:FundingRound) RETURN r {.id, .name, .announced,
              amount: {value: r.amount, currency: r.amountCurrency}, sources: ${SOURCES('r.sources')},
              investments: COLLECT { MATCH (i)-[x:INVESTED_IN]->(r)
                RETURN {lead: x.lead, investor: i {.id, .name}, sources: ${SOURCES('x.sources')}} } } }
          } AS organization`,
        params: { id: p.company },
      },
      peer: {
        query: `query($id: ID!) { organizations(where: { id: { eq: $id } }) { id name sources { url title }
          founders { id name workedAtConnection { edges { properties { role since until sources } node { id name } } } }
          fundingRounds { id name announced amount amountCurrency sources { url title }
            investorsConnection { edges { properties { lead sources }
              node { ... on Organization { id name } ... on Person { id name } } } } } } }`,
        variables: { id: p.company },
      },
    },
    {
      name: `search "${p.searchText}" (20 results)`,
      nested: false,
      ours: {
        query: 'query($text: String!) { search(text: $text, first: 20) { id name } }',
        variables: { text: p.searchText },
      },
      raw: {
        cypher: `CALL db.index.fulltext.queryNodes('entity_search', $query, {limit: 20}) YIELD node, score
                 RETURN node {.id, .name} AS hit ORDER BY score DESC, node.name`,
        params: { query: `${p.searchText}*` },
      },
      peer: {
        query: 'query($text: String!) { search(text: $text, first: 20) { id name } }',
        variables: { text: `${p.searchText}*` },
      },
    },
    {
      name: 'investorCustomerPaths, maxHops 4',
      nested: false,
      ours: {
        query: `query($investor: ID!, $customer: ID!) { investorCustomerPaths(investor: $investor, customer: $customer, maxHops: 4) {
          length nodes { id name } edges { type from { id } to { id } } } }`,
        variables: { investor: p.investor, customer: p.customer },
      },
      raw: {
        cypher: investorCustomerQuery('Organization', true, 4),
        params: { investor: p.investor, customer: p.customer, asOf: null, first: neo4j.int(20) },
      },
      peer: {
        query: `query($investor: ID!, $customer: ID!) { investorCustomerPaths(investor: $investor, customer: $customer, first: 20) {
          length nodes { id name } edges { type from to } } }`,
        variables: { investor: p.investor, customer: p.customer },
      },
    },
    {
      name: 'neighborhood, depth 2',
      nested: false,
      ours: {
        query:
          'query($id: ID!) { neighborhood(id: $id, depth: 2) { truncated nodes { id name } edges { source target type } } }',
        variables: { id: p.company },
      },
      raw: {
        cypher: neighbourhoodQuery('Organization', 2),
        params: { id: p.company, types: typesOf(null), asOf: null, limit: neo4j.int(201), keep: neo4j.int(200) },
      },
      peer: {
        query: 'query($id: ID!) { neighborhood(id: $id) { nodes { id name } edges { source target type } } }',
        variables: { id: p.company },
      },
    },
    organizationsPage(50),
  ];
}

/** A page of organizations by name with their founders and every investor of their rounds. */
export function organizationsPage(first: number): Question {
  return {
    name: `${first}-organization page: founders, investors`,
    nested: true,
    ours: {
      query: `query($first: Int!) { organizations(first: $first) { edges { node { id name founders { id name } investors { id name } } } } }`,
      variables: { first },
    },
    raw: {
      cypher: `
        MATCH (n:Organization) WHERE n.sortName IS NOT NULL
        WITH n ORDER BY n.sortName, n.id LIMIT $first
        RETURN n {.id, .name,
          founders: COLLECT { MATCH (f:Person)-[:FOUNDED]->(n) RETURN f {.id, .name} },
          investors: COLLECT { MATCH (i)-[:INVESTED_IN]->(:FundingRound)<-[:RAISED]-(n) RETURN DISTINCT i {.id, .name} }
        } AS organization`,
      params: { first: neo4j.int(first) },
    },
    peer: {
      query: `query($first: Int!) { organizations(limit: $first, sort: [{ name: ASC }]) { id name founders { id name }
        fundingRounds { investors { ... on Organization { id name } ... on Person { id name } } } } }`,
      variables: { first },
    },
  };
}
