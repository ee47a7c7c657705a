/** Person: founders, researchers, executives and individual investors. */
import { earliestFirst, entityFields, linkFields, links, neighbours, prop } from '../graph/resolvers.js';
import { keysetPage, listMatch } from '../graph/connections.js';
import { coInvestors, investmentsOf } from '../graph/investors.js';
import type { PersonOrder, Resolvers } from '../generated/graphql.js';

const PERSON_FILTERS = `($nationality IS NULL OR n.nationality = $nationality)`;
const PERSON_ORDERS: Record<PersonOrder, { key: string; descending: boolean; indexed?: boolean }> = {
  NAME: { key: 'n.sortName', descending: false, indexed: true },
  NAME_DESC: { key: 'n.sortName', descending: true, indexed: true },
};

export const personResolvers: Resolvers = {
  Query: {
    person: (_, args, ctx) => ctx.loaders.entity.load({ label: 'Person', id: args.id }),
    people: (_, args, ctx) => {
      const { match, query } = listMatch('Person', PERSON_FILTERS, args.text, {
        nationality: args.nationality ?? null,
      });
      return keysetPage(
        ctx,
        {
          list: `people/${args.orderBy}`,
          match,
          ...PERSON_ORDERS[args.orderBy],
          params: { nationality: args.nationality ?? null, query },
        },
        args.first,
        args.after,
      );
    },
  },
  Person: {
    ...entityFields,
    founderOf: (person, args, ctx) => neighbours(ctx, person, 'FOUNDED', 'OUTGOING', args),
    workedAt: async (person, args, ctx) =>
      (await links(ctx, person, 'WORKED_AT', 'OUTGOING', args.asOf)).sort(
        earliestFirst(
          (job) => job.props.since,
          (job) => job.to.name,
        ),
      ),
    studiedAt: (person, args, ctx) => links(ctx, person, 'STUDIED_AT', 'OUTGOING', args.asOf),
    investments: (person, args, ctx) => investmentsOf(ctx, person, args),
    coInvestors: (person, args, ctx) => coInvestors(ctx, person, args),
  },
  Employment: {
    ...linkFields,
    person: (link) => link.from,
    organization: (link) => link.to,
    role: prop<string>('role'),
    since: prop<string>('since'),
    until: prop<string>('until'),
    location: prop<string>('location'),
  },
  Education: {
    ...linkFields,
    person: (link) => link.from,
    organization: (link) => link.to,
    degree: prop<string>('degree'),
    field: prop<string>('field'),
    since: prop<string>('since'),
    until: prop<string>('until'),
  },
};
