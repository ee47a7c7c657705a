/**
 * The peer for the benchmark: the same graph served by the Neo4j GraphQL Library
 * (@neo4j/graphql 7) on Apollo Server, as one of its users would set it up. Nodes and
 * relationships map straight to the stored graph; what the library cannot express
 * (sources held as id lists, full-text search, paths, neighbourhoods) is a @cypher field,
 * the library's own way to add Cypher. Relationship properties keep `sources` as the
 * list of source ids (a relationship-properties type cannot have @cypher fields).
 *
 * It needs no APOC: @neo4j/graphql 7 calls APOC only for @authorization rules, DateTime
 * fields and a few mutation operators, none of which these type definitions use.
 *
 *   NEO4J_URI=bolt://127.0.0.1:7731 PORT=4132 npx tsx bench/neo4j-graphql/server.ts
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';
import { investorCustomerQuery } from '../../src/paths/paths.js';

/** investorCustomerPaths as a @cypher field: the hand-tuned path query, its rows as maps. */
const PATHS = investorCustomerQuery('Organization', true, 4)
  .replaceAll('$asOf', 'null')
  .replace(
    /RETURN\s+\[n IN ns \| [\s\S]*$/,
    'RETURN {length: length(p), nodes: [n IN ns | n {.id, .name}], edges: [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id}]} AS path',
  );

export const typeDefs = /* GraphQL */ `
  type Source @node {
    id: ID!
    url: String
    title: String
    publisher: String
  }

  type Organization @node {
    id: ID!
    name: String!
    kind: String
    country: String
    foundedYear: Int
    sourceIds: [String!] @alias(property: "sources")
    sources: [Source!]! @cypher(statement: "MATCH (s:Source) WHERE s.id IN this.sources RETURN s", columnName: "s")
    founders: [Person!]! @relationship(type: "FOUNDED", direction: IN)
    employees: [Person!]! @relationship(type: "WORKED_AT", direction: IN, properties: "Employment")
    fundingRounds: [FundingRound!]! @relationship(type: "RAISED", direction: OUT)
    investedIn: [FundingRound!]! @relationship(type: "INVESTED_IN", direction: OUT, properties: "Investment")
    customers: [Organization!]! @relationship(type: "CUSTOMER_OF", direction: IN)
  }

  type Person @node {
    id: ID!
    name: String!
    nationality: String
    sourceIds: [String!] @alias(property: "sources")
    sources: [Source!]! @cypher(statement: "MATCH (s:Source) WHERE s.id IN this.sources RETURN s", columnName: "s")
    founded: [Organization!]! @relationship(type: "FOUNDED", direction: OUT)
    workedAt: [Organization!]! @relationship(type: "WORKED_AT", direction: OUT, properties: "Employment")
    investedIn: [FundingRound!]! @relationship(type: "INVESTED_IN", direction: OUT, properties: "Investment")
  }

  type FundingRound @node {
    id: ID!
    name: String!
    series: String
    announced: String
    amount: Float
    amountCurrency: String
    sourceIds: [String!] @alias(property: "sources")
    sources: [Source!]! @cypher(statement: "MATCH (s:Source) WHERE s.id IN this.sources RETURN s", columnName: "s")
    company: [Organization!]! @relationship(type: "RAISED", direction: IN)
    investors: [Investor!]! @relationship(type: "INVESTED_IN", direction: IN, properties: "Investment")
  }

  union Investor = Organization | Person

  type Employment @relationshipProperties {
    role: String
    since: String
    until: String
    sources: [String!]
  }

  type Investment @relationshipProperties {
    lead: Boolean
    amount: Float
    amountCurrency: String
    sources: [String!]
  }

  type PathNode {
    id: ID!
    name: String!
  }
  type PathEdge {
    type: String!
    from: ID!
    to: ID!
  }
  type Path {
    length: Int!
    nodes: [PathNode!]!
    edges: [PathEdge!]!
  }
  type SubgraphEdge {
    source: ID!
    target: ID!
    type: String!
  }
  type Subgraph {
    nodes: [PathNode!]!
    edges: [SubgraphEdge!]!
  }
  type Hit {
    id: ID!
    name: String!
  }

  type Query {
    search(text: String!, first: Int!): [Hit!]!
      @cypher(
        statement: """
        CALL db.index.fulltext.queryNodes('entity_search', $text, {limit: $first}) YIELD node, score
        RETURN node {.id, .name} AS hit ORDER BY score DESC, node.name
        """
        columnName: "hit"
      )
    investorCustomerPaths(investor: ID!, customer: ID!, first: Int!): [Path!]!
      @cypher(statement: """${PATHS}""", columnName: "path")
    neighborhood(id: ID!): Subgraph
      @cypher(
        statement: """
        MATCH (a:Organization {id: $id})
        OPTIONAL CALL (a) {
          MATCH p = SHORTEST 1 (a)(()--()){1,2}(m)
          WHERE m <> a
          RETURN m ORDER BY length(p), m.id LIMIT 500
        }
        WITH a, collect(m) AS found
        WITH [a] + found AS ns
        CALL (ns) {
          UNWIND ns AS x
          MATCH (x)-[r]->(y) WHERE y IN ns
          RETURN collect({source: x.id, target: y.id, type: type(r)}) AS edges
        }
        RETURN {nodes: [n IN ns | n {.id, .name}], edges: edges} AS subgraph
        """
        columnName: "subgraph"
      )
  }
`;

async function main(): Promise<void> {
  const uri = process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7731';
  const port = Number(process.env.PORT ?? 4132);
  const driver = neo4j.driver(
    uri,
    neo4j.auth.basic(process.env.NEO4J_USER ?? 'neo4j', process.env.NEO4J_PASSWORD ?? ''),
  );
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
  process.stdout.write(`@neo4j/graphql server ready: ${url}\n`);
  const stop = async () => {
    await server.stop();
    await driver.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
