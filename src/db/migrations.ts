/**
 * Versioned, idempotent schema migrations from schema/migrations/NNN-name.cypher.
 * Each statement uses IF NOT EXISTS, so re-applying is harmless; applied versions are
 * recorded as (:SchemaMigration) nodes and skipped on later starts. A data statement (a
 * backfill) returns `changed`, the nodes it wrote in one batch: it is run again, each time
 * its own write transaction, until it changes nothing, so a backfill of a large graph
 * never needs one huge transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { int, type Database } from './gateway.js';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'schema', 'migrations');

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{3}-[a-z0-9-]+\.cypher$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.replace(/\.cypher$/, ''),
      statements: splitStatements(fs.readFileSync(path.join(dir, file), 'utf8')),
    }));
}

const MIGRATION_CONSTRAINT =
  'CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE';
const APPLIED_MIGRATIONS = 'MATCH (m:SchemaMigration) RETURN toInteger(m.version) AS version';
const RECORD_MIGRATION = 'MERGE (m:SchemaMigration {version: $version}) SET m.name = $name, m.appliedAt = datetime()';

/** Applies the migrations not yet applied, then waits until every index is online. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.schema(MIGRATION_CONSTRAINT);
  const rows = await db.read<{ version: number }>(APPLIED_MIGRATIONS);
  const applied = new Set(rows.map((row) => row.version));
  const ran: string[] = [];
  for (const migration of readMigrations(dir)) {
    if (applied.has(migration.version)) continue;
    for (const statement of migration.statements) {
      if (BACKFILL.test(statement)) await db.writeUntilDone(statement);
      else await db.schema(statement);
    }
    await db.write(RECORD_MIGRATION, { version: int(migration.version), name: migration.name });
    ran.push(migration.name);
  }
  await db.schema('CALL db.awaitIndexes(300)');
  return ran;
}

// ---- private helpers ----

/** A data statement of a migration: it reports the nodes one batch wrote as `changed`. */
const BACKFILL = /\bRETURN\s+count\(\*\)\s+AS\s+changed\s*$/i;

/** Statements end with ';' at the end of a line; lines starting with // are comments. */
function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
