/** Person: founders, researchers, executives and individual investors. */
import { entityFields, linkFields, links, neighbours, prop } from '../graph/resolvers.js';
import type { Link, NodeRecord } from '../graph/records.js';
import type { Context } from '../server/context.js';

export const personResolvers = {
  Query: {
    person: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.entity.load({ label: 'Person', id: args.id }),
  },
  Person: {
    ...entityFields,
    founderOf: (person: NodeRecord, _: unknown, ctx: Context) => neighbours(ctx, person, 'FOUNDED', 'OUTGOING'),
    workedAt: async (person: NodeRecord, _: unknown, ctx: Context) =>
      (await links(ctx, person, 'WORKED_AT', 'OUTGOING')).sort(bySince),
    studiedAt: (person: NodeRecord, _: unknown, ctx: Context) => links(ctx, person, 'STUDIED_AT', 'OUTGOING'),
    investments: (person: NodeRecord, _: unknown, ctx: Context) => links(ctx, person, 'INVESTED_IN', 'OUTGOING'),
  },
  Employment: {
    ...linkFields,
    person: (link: Link) => link.from,
    organization: (link: Link) => link.to,
    role: prop<string>('role'),
    since: prop<string>('since'),
    until: prop<string>('until'),
    location: prop<string>('location'),
  },
  Education: {
    ...linkFields,
    person: (link: Link) => link.from,
    organization: (link: Link) => link.to,
    degree: prop<string>('degree'),
    field: prop<string>('field'),
    since: prop<string>('since'),
    until: prop<string>('until'),
  },
};

/** Earliest first; undated last, then by organization name. */
function bySince(a: Link, b: Link): number {
  const x = (a.props.since as string | undefined) ?? '9999';
  const y = (b.props.since as string | undefined) ?? '9999';
  return x.localeCompare(y) || a.to.name.localeCompare(b.to.name);
}
