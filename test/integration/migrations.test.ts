/**
 * Schema migrations on a graph that already holds data: a backfill statement runs in
 * batches, each its own transaction, until it changes nothing, and a second run applies
 * nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrations.js';
import { clearGraph, testDatabase } from '../helpers.js';

const db = testDatabase();

afterAll(async () => {
  await clearGraph(db);
  await db.close();
});

describe('migrations', () => {
  it('004 fills in the sort key of a graph loaded before it, past one batch of 10,000, and runs once', async () => {
    await clearGraph(db);
    // 12,345 organizations and 3 people as an older loader wrote them: no sortName.
    await db.write("UNWIND range(1, 12345) AS i CREATE (:Organization {id: 'org-' + i, name: 'Org ' + i})");
    await db.write("UNWIND ['Ada Ä', 'Bob', 'Zoë'] AS name CREATE (:Person {id: toLower(name), name: name})");
    await db.write('MATCH (m:SchemaMigration {version: 4}) DELETE m');

    expect(await migrate(db)).toEqual(['004-sort-name']);

    const [orgs] = await db.read<{ total: number; keyed: number; right: number }>(
      'MATCH (n:Organization) RETURN count(n) AS total, count(n.sortName) AS keyed, count(CASE WHEN n.sortName = toLower(n.name) THEN 1 END) AS right',
    );
    expect(orgs).toEqual({ total: 12345, keyed: 12345, right: 12345 });
    const people = await db.read<{ sortName: string }>(
      'MATCH (n:Person) RETURN n.sortName AS sortName ORDER BY sortName',
    );
    expect(people.map((p) => p.sortName)).toEqual(['ada ä', 'bob', 'zoë']);
    const indexes = await db.read<{ name: string }>(
      "SHOW INDEXES YIELD name WHERE name IN ['organization_sort_name', 'person_sort_name'] RETURN name ORDER BY name",
    );
    expect(indexes.map((i) => i.name)).toEqual(['organization_sort_name', 'person_sort_name']);

    expect(await migrate(db)).toEqual([]);
  }, 120_000);
});
