import { describe, expect, it } from 'vitest';
import { EmbeddedNeo4jError, checkJava } from '../../src/embedded/neo4j.js';

describe('the embedded Neo4j prerequisites', () => {
  it('says clearly what is missing when Java cannot be run', () => {
    expect(() => checkJava('/nonexistent-jdk')).toThrowError(EmbeddedNeo4jError);
    expect(() => checkJava('/nonexistent-jdk')).toThrowError(
      /Java 17 or newer is needed to run the embedded Neo4j, and "\/nonexistent-jdk\/bin\/java" could not be run\. Install a JDK 17\+/,
    );
  });

  it('accepts the Java on this machine (17 or newer)', () => {
    expect(checkJava(process.env.JAVA_HOME)).toMatch(/java$/);
  });
});
