/**
 * npm run neo4j:start | neo4j:stop | neo4j:status | neo4j:fetch
 * Manages the project's embedded Neo4j as a background server that outlives the command
 * (the server `npm start` runs starts one tied to its own life instead).
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { EmbeddedNeo4j, EmbeddedNeo4jError, ensureJars, ensureLauncher, checkJava } from './neo4j.js';

async function main(command: string | undefined): Promise<number> {
  const config = readConfig();
  const neo4j = new EmbeddedNeo4j(config.embedded);
  switch (command) {
    case 'start': {
      const running = await neo4j.start({ tieToParent: false });
      console.log(`Neo4j is running: ${running.boltUri} (HTTP API ${running.httpUrl}), pid ${running.pid}`);
      console.log(browserHint(neo4j, running.httpUrl));
      console.log('Stop it with: npm run neo4j:stop');
      return 0;
    }
    case 'stop': {
      const running = neo4j.running();
      if (running?.owner !== undefined) {
        console.error(`note: process ${running.owner} started this instance and loses its database now`);
      }
      const stopped = await neo4j.stop();
      console.log(stopped ? 'Neo4j stopped.' : `Neo4j instance "${config.embedded.instance}" was not running.`);
      return 0;
    }
    case 'status': {
      const running = neo4j.running();
      if (running === undefined) {
        console.log(`Neo4j instance "${config.embedded.instance}" is not running (data in ${neo4j.dir}).`);
        return 3;
      }
      const owner = running.owner === undefined ? 'runs on its own' : `stops with process ${running.owner}`;
      console.log(
        `Neo4j instance "${config.embedded.instance}" is running: ${running.boltUri}, pid ${running.pid}, ${owner}, data in ${neo4j.dir}`,
      );
      console.log(browserHint(neo4j, neo4j.httpUrl));
      return 0;
    }
    case 'fetch': {
      const java = checkJava(config.embedded.javaHome);
      await ensureJars((line) => console.error(line));
      ensureLauncher(java);
      console.log('Neo4j jars are in neo4j/lib.');
      return 0;
    }
    default:
      console.error('usage: tsx src/embedded/cli.ts start|stop|status|fetch');
      return 2;
  }
}

/** What Neo4j Browser's connect form asks for (authentication is on; see EmbeddedNeo4j.password). */
function browserHint(neo4j: EmbeddedNeo4j, httpUrl: string): string {
  return `Neo4j Browser: ${httpUrl.replace('127.0.0.1', 'localhost')}/browser/  user neo4j, password ${neo4j.password()} (kept in ${neo4j.passwordFile})`;
}

/** The one command word; an option or a second word is refused, naming it. */
function command(): string | undefined {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ options: {}, allowPositionals: true }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) throw new EmbeddedNeo4jError((error as Error).message);
    throw error;
  }
  if (positionals.length > 1) throw new EmbeddedNeo4jError(`one command at most, got ${positionals.join(' ')}`);
  return positionals[0];
}

Promise.resolve()
  .then(() => main(command()))
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof EmbeddedNeo4jError ? `error: ${error.message}` : error);
      process.exit(1);
    },
  );
