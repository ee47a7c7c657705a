/**
 * What every resolver gets: the database gateway (timed, for `extensions.stats`), this
 * request's round-trip counter, its item budget (server/limits.ts) and its DataLoaders
 * (never shared between requests).
 */
import { RoundTripCounter, type Database } from '../db/gateway.js';
import { createLoaders, type Loaders, type Reader } from '../graph/loaders.js';
import { ItemBudget } from './limits.js';

export interface Context {
  db: Reader;
  counter: RoundTripCounter;
  /** Milliseconds spent waiting for Cypher round trips, summed (overlapping ones each count). */
  stats: { databaseMillis: number };
  /** Entities, links and sources this request has loaded; past its limit a resolver throws QUERY_TOO_COMPLEX. */
  budget: ItemBudget;
  loaders: Loaders;
}

export function createContext(db: Database): Context {
  const counter = new RoundTripCounter();
  const stats = { databaseMillis: 0 };
  const timed: Reader = {
    async read(cypher, params, roundTrips) {
      const started = performance.now();
      try {
        return await db.read(cypher, params, roundTrips);
      } finally {
        stats.databaseMillis += performance.now() - started;
      }
    },
  };
  return { db: timed, counter, stats, budget: new ItemBudget(), loaders: createLoaders(timed, counter) };
}
