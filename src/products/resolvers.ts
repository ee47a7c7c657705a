/** Product: chatbots, models, apps and platforms, and who develops them. */
import { PRODUCT_KINDS } from '../seed/model.js';
import { entityFields, enumOf, neighbours } from '../graph/resolvers.js';
import type { NodeRecord } from '../graph/records.js';
import type { Context } from '../server/context.js';

export const productResolvers = {
  ProductKind: enumOf(PRODUCT_KINDS),
  Query: {
    product: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.entity.load({ label: 'Product', id: args.id }),
  },
  Product: {
    ...entityFields,
    developers: (product: NodeRecord, _: unknown, ctx: Context) => neighbours(ctx, product, 'DEVELOPS', 'INCOMING'),
  },
};
