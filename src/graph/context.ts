/**
 * What every resolver gets: this request's reader (which counts and times every Cypher
 * round trip itself, for `extensions.stats`), its item budget (limits.ts) and its
 * DataLoaders (never shared between requests).
 */
import type { Database, Params, Row } from '../db/gateway.js';
import { DatabaseUnavailableError } from '../errors.js';
import { ItemBudget } from '../limits.js';
import { createLoaders, type Loaders } from './loaders.js';

/** What the loaders and resolvers need of the database: reads. */
export interface Reader {
  read<T extends Row = Row>(cypher: string, params?: Params): Promise<T[]>;
}

/** What the request's log line says about it (server/http.ts): filled while it runs. */
export interface RequestRecord {
  id: string;
  operationName?: string;
  errorCodes: string[];
}

export interface Context {
  db: RequestReader;
  /** Entities, links and sources this request has loaded; past its limit a resolver throws QUERY_TOO_COMPLEX. */
  budget: ItemBudget;
  loaders: Loaders;
  request: RequestRecord;
}

/**
 * One request's reads. Every round trip goes through `read`, so the count and the time
 * in `extensions.stats` cannot miss one, whoever the caller.
 */
export class RequestReader implements Reader {
  /** Cypher round trips so far. */
  roundTrips = 0;
  /** Milliseconds spent waiting for Cypher round trips, summed (overlapping ones each count). */
  databaseMillis = 0;

  /**
   * @param unavailable why the database cannot be used yet (it was down when the server
   *   started and is still being prepared), or undefined: reads then fail at once with
   *   DATABASE_UNAVAILABLE instead of waiting for the driver to give up.
   */
  constructor(
    private readonly db: Pick<Database, 'read'>,
    private readonly unavailable: () => string | undefined = () => undefined,
    /** This request's id, carried by every transaction as metadata (`requestId`). */
    private readonly requestId?: string,
  ) {}

  async read<T extends Row = Row>(cypher: string, params: Params = {}): Promise<T[]> {
    const why = this.unavailable();
    if (why !== undefined) throw new DatabaseUnavailableError(why);
    this.roundTrips += 1;
    const started = performance.now();
    try {
      return await this.db.read<T>(cypher, params, this.requestId ? { requestId: this.requestId } : undefined);
    } finally {
      this.databaseMillis += performance.now() - started;
    }
  }
}

export function createContext(
  db: Pick<Database, 'read'>,
  unavailable: () => string | undefined = () => undefined,
  request: RequestRecord = { id: '', errorCodes: [] },
): Context {
  const reader = new RequestReader(db, unavailable, request.id || undefined);
  return { db: reader, budget: new ItemBudget(), loaders: createLoaders(reader), request };
}
