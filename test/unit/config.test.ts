import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has working defaults: embedded Neo4j on 7687, API on 4000, loopback only', () => {
    const config = readConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.neo4j).toBeUndefined();
    expect(config.embedded).toMatchObject({ instance: 'default', boltPort: 7687, httpPort: 7474 });
    expect(config.seedOnStart).toBe(true);
  });

  it('uses NEO4J_URI with its credentials when set', () => {
    const config = readConfig({
      NEO4J_URI: 'neo4j://db.internal:7687',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 'secret',
    });
    expect(config.neo4j).toEqual({
      uri: 'neo4j://db.internal:7687',
      user: 'reader',
      password: 'secret',
      database: undefined,
    });
  });

  it('fails fast naming the variable, the rule and the value', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrowError(
      new ConfigError('PORT', 'must be an integer between 0 and 65535', 'eighty'),
    );
    expect(() => readConfig({ NEO4J_URI: 'http://x' })).toThrowError(
      /NEO4J_URI must start with bolt:\/\/, neo4j:\/\/.*got "http:\/\/x"/,
    );
    expect(() => readConfig({ SEED_ON_START: 'maybe' })).toThrowError(
      /SEED_ON_START must be true or false \(or 1\/0, yes\/no, on\/off\), got "maybe"/,
    );
    expect(() => readConfig({ EMBEDDED_NEO4J_HEAP: 'lots' })).toThrowError(
      /EMBEDDED_NEO4J_HEAP must be a size such as 512m or 2g, got "lots"/,
    );
  });

  it('bounds the driver: connect and retry times, 5 s each by default', () => {
    expect(readConfig({})).toMatchObject({ connectTimeoutMs: 5000, retryMs: 5000 });
    expect(readConfig({ NEO4J_CONNECT_TIMEOUT_MS: '1500', NEO4J_RETRY_MS: '0' })).toMatchObject({
      connectTimeoutMs: 1500,
      retryMs: 0,
    });
    expect(() => readConfig({ NEO4J_CONNECT_TIMEOUT_MS: '0' })).toThrowError(
      /NEO4J_CONNECT_TIMEOUT_MS must be an integer between 100 and 120000, got "0"/,
    );
  });

  it('keeps CORS closed to other origins by default, and takes a list of origins or *', () => {
    expect(readConfig({}).corsOrigins).toEqual([]);
    expect(readConfig({ CORS_ORIGINS: 'https://example.org, http://localhost:5173/' }).corsOrigins).toEqual([
      'https://example.org',
      'http://localhost:5173',
    ]);
    expect(readConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => readConfig({ CORS_ORIGINS: 'https://example.org/app' })).toThrowError(
      /CORS_ORIGINS must be \* or a comma-separated list of origins .*got "https:\/\/example.org\/app"/,
    );
    expect(() => readConfig({ CORS_ORIGINS: 'example.org' })).toThrowError(/CORS_ORIGINS .*got "example.org"/);
  });

  it('serves introspection and the IDE unless INTROSPECTION=false or IDE=false', () => {
    expect(readConfig({})).toMatchObject({ introspection: true, ide: true });
    expect(readConfig({ INTROSPECTION: 'false', IDE: 'off' })).toMatchObject({ introspection: false, ide: false });
  });
});
