import { buildASTSchema, GraphQLEnumType, type GraphQLSchema } from 'graphql';
import { concatAST } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  CONFIDENCES,
  INVESTOR_TYPES,
  ORGANIZATION_KINDS,
  PRODUCT_KINDS,
  RELATIONSHIP_TYPES,
  SECTORS,
} from '../../src/graph/model.js';
import { typeDefs } from '../../src/server/schema.js';

function enumValues(schema: GraphQLSchema, name: string): string[] {
  const type = schema.getType(name);
  expect(type).toBeInstanceOf(GraphQLEnumType);
  return (type as GraphQLEnumType)
    .getValues()
    .map((v) => v.name)
    .sort();
}

const upperSnake = (values: readonly string[]) => values.map((v) => v.toUpperCase().replace(/-/g, '_')).sort();

describe('the SDL and the closed sets of the graph model agree', () => {
  const schema = buildASTSchema(concatAST(typeDefs()));

  it('has one GraphQL enum value per relationship type, kind and confidence', () => {
    expect(enumValues(schema, 'RelationshipType')).toEqual([...RELATIONSHIP_TYPES].sort());
    expect(enumValues(schema, 'OrganizationKind')).toEqual(upperSnake(ORGANIZATION_KINDS));
    expect(enumValues(schema, 'Sector')).toEqual(upperSnake(SECTORS));
    expect(enumValues(schema, 'InvestorType')).toEqual(upperSnake(INVESTOR_TYPES));
    expect(enumValues(schema, 'ProductKind')).toEqual(upperSnake(PRODUCT_KINDS));
    expect(enumValues(schema, 'Confidence')).toEqual(upperSnake(CONFIDENCES));
  });

  it('serves the public contract fields', () => {
    const query = schema.getQueryType()!.getFields();
    for (const field of [
      'organization',
      'person',
      'product',
      'fundingRound',
      'entity',
      'source',
      'organizations',
      'search',
    ]) {
      expect(query[field], field).toBeDefined();
    }
    expect(String(query.search.type)).toBe('[Entity!]!');
  });
});
