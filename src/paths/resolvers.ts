/**
 * How things connect: paths between two entities, investor-to-customer paths, and the
 * neighbourhood of one entity, each relationship with its properties and sources.
 */
import { badInput } from '../errors.js';
import { checkRange } from '../graph/resolvers.js';
import { asOfBound } from '../graph/time.js';
import type { NodeRecord } from '../graph/records.js';
import type { Resolvers } from '../generated/graphql.js';
import type { Context } from '../graph/context.js';
import { MAX_HOPS, MAX_NEIGHBOURHOOD, MAX_NEIGHBOURHOOD_DEPTH, MAX_PAGE } from '../limits.js';
import {
  investorCustomerQuery,
  neighbourhoodQuery,
  pathsQuery,
  runNeighbourhood,
  runPaths,
  shortestPathQuery,
  typesOf,
} from './paths.js';
import { summarize } from './summary.js';
import { int } from '../db/gateway.js';

export const pathResolvers: Resolvers = {
  Query: {
    paths: async (_, args, ctx) => {
      checkRange('maxHops', args.maxHops, 1, MAX_HOPS);
      checkRange('first', args.first, 1, MAX_PAGE);
      differentEnds(['from', args.from], ['to', args.to]);
      const [from, to] = await ends(ctx, ['from', args.from], ['to', args.to]);
      return runPaths(ctx, pathsQuery(from.__label, to.__label, args.maxHops), {
        from: from.id,
        to: to.id,
        types: typesOf(args.via),
        asOf: asOfBound(args.asOf),
        first: int(args.first),
      });
    },
    shortestPath: async (_, args, ctx) => {
      differentEnds(['from', args.from], ['to', args.to]);
      const [from, to] = await ends(ctx, ['from', args.from], ['to', args.to]);
      const [path] = await runPaths(ctx, shortestPathQuery(from.__label, to.__label), {
        from: from.id,
        to: to.id,
        types: typesOf(args.via),
        asOf: asOfBound(args.asOf),
      });
      return path ?? null;
    },
    investorCustomerPaths: async (_, args, ctx) => {
      checkRange('maxHops', args.maxHops, 3, MAX_HOPS);
      checkRange('first', args.first, 1, MAX_PAGE);
      if (args.customer) differentEnds(['investor', args.investor], ['customer', args.customer]);
      const [investor, customer] = await ends(ctx, ['investor', args.investor], ['customer', args.customer ?? null]);
      if (investor.__label !== 'Organization' && investor.__label !== 'Person') {
        throw badInput(`investor must be an organization or a person, got the ${investor.__label} "${investor.id}"`);
      }
      if (customer && customer.__label !== 'Organization')
        throw badInput(`customer must be an organization, got the ${customer.__label} "${customer.id}"`);
      return runPaths(ctx, investorCustomerQuery(investor.__label, customer !== null, args.maxHops), {
        investor: investor.id,
        customer: customer?.id ?? null,
        asOf: asOfBound(args.asOf),
        first: int(args.first),
      });
    },
    neighborhood: async (_, args, ctx) => {
      checkRange('depth', args.depth, 1, MAX_NEIGHBOURHOOD_DEPTH);
      checkRange('limit', args.limit, 1, MAX_NEIGHBOURHOOD);
      const [centre] = await ends(ctx, ['id', args.id]);
      return runNeighbourhood(
        ctx,
        neighbourhoodQuery(centre.__label, args.depth),
        { id: centre.id, types: typesOf(args.via), asOf: asOfBound(args.asOf) },
        args.limit,
      );
    },
  },
  Path: {
    length: (path) => path.links.length,
    edges: (path) => path.links,
    summary: (path) => summarize(path),
  },
  Subgraph: {
    edges: (graph) => graph.links,
    directed: () => true,
    multigraph: () => true,
  },
};

/** A path joins two different entities (a simple path never comes back to its start). */
function differentEnds([a, x]: [string, string], [b, y]: [string, string]): void {
  if (x === y) throw badInput(`${a} and ${b} are the same entity ("${x}"); a path joins two different entities`);
}

/**
 * The entities the ids name, in one round trip (null ids stay null); an unknown id is a
 * BAD_USER_INPUT error naming the argument and the id.
 */
async function ends<T extends (string | null)[]>(
  ctx: Context,
  ...named: { [K in keyof T]: [string, T[K]] }
): Promise<{ [K in keyof T]: T[K] extends string ? NodeRecord : NodeRecord | null }> {
  const found = await Promise.all(named.map(([, id]) => (id === null ? null : ctx.loaders.entity.load({ id }))));
  named.forEach(([name, id], i) => {
    if (id !== null && found[i] === null) throw badInput(`${name}: no entity has the id "${id}"`);
  });
  return found as never;
}
