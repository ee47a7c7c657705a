/**
 * docker-compose.yml, read without a Docker engine: it parses, the "replicas" profile has
 * its setup, replica and proxy services, every reference in it (depends_on, volumes, the
 * proxy's upstream) names something that exists, and only loopback ports are published.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/config.js';

interface Service {
  image?: string;
  profiles?: string[];
  command?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  healthcheck?: unknown;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), {
  uniqueKeys: true,
}) as Compose;
const services = compose.services;
const inProfile = (name: string) =>
  Object.entries(services)
    .filter(([, s]) => s.profiles?.includes(name))
    .map(([n]) => n)
    .sort();

describe('docker-compose.yml', () => {
  it('has a "replicas" profile: setup, several API replicas through neo4j://, and a proxy', () => {
    expect(inProfile('replicas')).toEqual(['api-replica', 'api-setup', 'proxy']);
    const replica = services['api-replica']!;
    expect(replica.deploy?.replicas).toBeGreaterThan(1);
    expect(replica.environment?.NEO4J_URI).toMatch(/^neo4j:\/\/neo4j:7687$/);
    expect(replica.environment?.SEED_ON_START).toBe('false');
    expect(replica.ports).toBeUndefined(); // reached through the proxy only
    expect(replica.healthcheck).toBeDefined();
    expect(services['api-setup']!.command).toMatch(/npm run seed/);
    // The default services stay outside any profile: `docker compose up` runs as before.
    expect(services.neo4j!.profiles).toBeUndefined();
    expect(services.api!.profiles).toBeUndefined();
  });

  it('names only services and volumes that exist, with the conditions Docker knows', () => {
    const declared = new Set(Object.keys(compose.volumes ?? {}));
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
        expect(
          ['service_started', 'service_healthy', 'service_completed_successfully'],
          `${name} -> ${dependency}`,
        ).toContain(condition);
        if (condition === 'service_healthy')
          expect(services[dependency]!.healthcheck, `${dependency} has a healthcheck`).toBeDefined();
        // A service in a profile is only started with it: a default service may not need one.
        if (!service.profiles)
          expect(services[dependency]!.profiles, `${name} needs ${dependency} outside any profile`).toBeUndefined();
      }
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source!.startsWith('.'))
          expect(fs.existsSync(path.join(PROJECT_ROOT, source!)), `${name}: ${source}`).toBe(true);
        else expect(declared.has(source!), `${name}: volume ${source}`).toBe(true);
      }
    }
  });

  it('publishes ports on loopback only', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('points the proxy at the replicas, on the port they listen on', () => {
    const proxy = services.proxy!;
    const mount = proxy.volumes!.find((v) => v.endsWith(':/etc/nginx/nginx.conf:ro'))!;
    expect(mount).toBeDefined();
    const conf = fs.readFileSync(path.join(PROJECT_ROOT, mount.split(':')[0]!), 'utf8');
    const port = services['api-replica']!.environment!.PORT;
    expect(conf).toMatch(new RegExp(`server api-replica:${port}\\b`));
    expect(services['api-replica']!.expose).toContain(port);
    const listen = /listen (\d+);/.exec(conf)?.[1];
    expect(proxy.ports).toEqual([`127.0.0.1:4080:${listen}`]);
    expect(proxy.depends_on).toEqual({ 'api-replica': { condition: 'service_healthy' } });
    // Balanced braces: a cut-off block would stop nginx at start.
    expect(conf.split('{').length).toBe(conf.split('}').length);
  });
});
