/** Person: founders, researchers, executives and individual investors. */
import { earliestFirst, entityFields, linkFields, links, neighbours, prop } from '../graph/resolvers.js';
import type { Resolvers } from '../generated/graphql.js';

export const personResolvers: Resolvers = {
  Query: {
    person: (_, args, ctx) => ctx.loaders.entity.load({ label: 'Person', id: args.id }),
  },
  Person: {
    ...entityFields,
    founderOf: (person, _, ctx) => neighbours(ctx, person, 'FOUNDED', 'OUTGOING'),
    workedAt: async (person, _, ctx) =>
      (await links(ctx, person, 'WORKED_AT', 'OUTGOING')).sort(earliestFirst((job) => job.props.since, (job) => job.to.name)),
    studiedAt: (person, _, ctx) => links(ctx, person, 'STUDIED_AT', 'OUTGOING'),
    investments: (person, _, ctx) => links(ctx, person, 'INVESTED_IN', 'OUTGOING'),
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
