/**
 * The executable schema: SDL from schema/*.graphql (the source of truth for the API),
 * resolvers from each concept's folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gql } from 'graphql-tag';
import { GraphQLScalarType, type DocumentNode } from 'graphql';
import type { Resolvers } from '../generated/graphql.js';
import { PROJECT_ROOT } from '../config.js';
import { sharedResolvers } from '../graph/resolvers.js';
import { organizationResolvers } from '../organizations/resolvers.js';
import { personResolvers } from '../people/resolvers.js';
import { fundingResolvers } from '../funding/resolvers.js';
import { productResolvers } from '../products/resolvers.js';
import { searchResolvers } from '../search/resolvers.js';
import { pathResolvers } from '../paths/resolvers.js';
import { dateScalar } from './scalars.js';

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

export function typeDefs(): DocumentNode[] {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'base.graphql' ? -1 : b === 'base.graphql' ? 1 : a.localeCompare(b)))
    .map((file) => gql(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')));
}

export function resolvers(): Resolvers {
  const parts: Resolvers[] = [
    { Date: dateScalar },
    sharedResolvers,
    organizationResolvers,
    personResolvers,
    fundingResolvers,
    productResolvers,
    searchResolvers,
    pathResolvers,
  ];
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      // A scalar is an object of its own; the field maps of a type are merged.
      merged[type] =
        fields instanceof GraphQLScalarType
          ? fields
          : { ...(merged[type] as object | undefined), ...(fields as object) };
    }
  }
  return merged as Resolvers;
}
