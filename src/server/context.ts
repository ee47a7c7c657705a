/**
 * What every resolver gets: the database gateway, this request's round-trip counter and
 * this request's DataLoaders (never shared between requests).
 */
import { RoundTripCounter, type Database } from '../db/gateway.js';
import { createLoaders, type Loaders } from '../graph/loaders.js';

export interface Context {
  db: Database;
  counter: RoundTripCounter;
  loaders: Loaders;
}

export function createContext(db: Database): Context {
  const counter = new RoundTripCounter();
  return { db, counter, loaders: createLoaders(db, counter) };
}
