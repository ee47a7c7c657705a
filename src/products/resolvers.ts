/** Product: chatbots, models, apps and platforms, and who develops them. */
import { PRODUCT_KINDS } from '../graph/model.js';
import { entityFields, enumOf, neighbours } from '../graph/resolvers.js';
import type { Resolvers } from '../generated/graphql.js';

export const productResolvers: Resolvers = {
  ProductKind: enumOf(PRODUCT_KINDS),
  Query: {
    product: (_, args, ctx) => ctx.loaders.entity.load({ label: 'Product', id: args.id }),
  },
  Product: {
    ...entityFields,
    developers: (product, args, ctx) => neighbours(ctx, product, 'DEVELOPS', 'INCOMING', args),
    partOf: (product, _, ctx) => neighbours(ctx, product, 'PART_OF', 'OUTGOING'),
    parts: async (product, _, ctx) =>
      (await neighbours(ctx, product, 'PART_OF', 'INCOMING')).filter((n) => n.__label === 'Product'),
  },
};
