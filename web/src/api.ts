/**
 * The explorer's only connection to the world: GraphQL over POST to our own /graphql.
 * Every failure becomes an ApiError whose message says what is down and what to do.
 */

export interface Source {
  id: string;
  url: string | null;
  title: string;
  publisher: string | null;
  date: string | null;
}

export interface Entity {
  id: string;
  name: string;
  __typename: 'Organization' | 'Person' | 'Product' | 'FundingRound';
  kind?: string;
  country?: string | null;
}

export interface Edge {
  source: string;
  target: string;
  type: string;
  properties: { name: string; value: string }[];
  confidence: string;
  note: string | null;
  sources: Source[];
}

export interface Subgraph {
  nodes: Entity[];
  edges: Edge[];
  truncated: boolean;
}

export interface Path {
  length: number;
  summary: string;
  nodes: Entity[];
  edges: Edge[];
}

const ENTITY = `fragment EntityFields on Entity { id name __typename ... on Organization { kind country } }`;
const EDGE = `fragment EdgeFields on Relationship {
  source target type properties { name value } confidence note
  sources { id url title publisher date }
}`;
const PATH = `length summary nodes { ...EntityFields } edges { ...EdgeFields }`;

export class ApiError extends Error {}

/** Sends one query; resolves to its data or throws an ApiError naming the cause. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError(
      `The API does not answer (${location.origin}/graphql). Is the server running? Start it with "npm start".`,
    );
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without a GraphQL response.`);
  }
  const error = body.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    if (code === 'DATABASE_UNAVAILABLE') throw new ApiError(`The database is down: ${error.message}`);
    throw new ApiError(code ? `${code}: ${error.message}` : error.message);
  }
  if (!body.data) throw new ApiError(`The API answered HTTP ${response.status} with no data.`);
  return body.data;
}

/** The server's /health: undefined when all is well, else what is down. */
export async function health(): Promise<string | undefined> {
  try {
    const response = await fetch('/health');
    if (response.ok) return undefined;
    const body = (await response.json().catch(() => ({}))) as { database?: string; reason?: string };
    return body.database === 'down'
      ? `The database is down: ${body.reason ?? 'no reason given'}`
      : `The API is unhealthy (HTTP ${response.status}).`;
  } catch {
    return `The API does not answer (${location.origin}). Is the server running? Start it with "npm start".`;
  }
}

export async function search(text: string): Promise<Entity[]> {
  const data = await gql<{ search: Entity[] }>(
    `query Search($text: String!) { search(text: $text, first: 12) { ...EntityFields } } ${ENTITY}`,
    { text },
  );
  return data.search;
}

export async function neighborhood(id: string, depth: number): Promise<Subgraph> {
  const data = await gql<{ neighborhood: Subgraph }>(
    `query Neighborhood($id: ID!, $depth: Int!) {
      neighborhood(id: $id, depth: $depth, limit: 300) { truncated nodes { ...EntityFields } edges { ...EdgeFields } }
    } ${ENTITY} ${EDGE}`,
    { id, depth },
  );
  return data.neighborhood;
}

export async function paths(from: string, to: string, maxHops: number): Promise<Path[]> {
  const data = await gql<{ paths: Path[] }>(
    `query Paths($from: ID!, $to: ID!, $maxHops: Int!) { paths(from: $from, to: $to, maxHops: $maxHops, first: 10) { ${PATH} } } ${ENTITY} ${EDGE}`,
    { from, to, maxHops },
  );
  return data.paths;
}

export async function investorCustomerPaths(
  investor: string,
  customer: string | undefined,
  maxHops: number,
): Promise<Path[]> {
  const data = await gql<{ investorCustomerPaths: Path[] }>(
    `query MoneyPaths($investor: ID!, $customer: ID, $maxHops: Int!) {
      investorCustomerPaths(investor: $investor, customer: $customer, maxHops: $maxHops, first: 50) { ${PATH} }
    } ${ENTITY} ${EDGE}`,
    { investor, customer, maxHops },
  );
  return data.investorCustomerPaths;
}

export async function shortestPath(from: string, to: string): Promise<Path | null> {
  const data = await gql<{ shortestPath: Path | null }>(
    `query ShortestPath($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) { ${PATH} } } ${ENTITY} ${EDGE}`,
    { from, to },
  );
  return data.shortestPath;
}
