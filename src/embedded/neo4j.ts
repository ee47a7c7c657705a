/**
 * A real Neo4j 5.26 Community server, started by the project from Maven Central jars
 * (no Docker, no installer). One instance = one folder under neo4j/instances/<name>
 * holding its config, data, logs and pid file, so several instances (the one `npm start`
 * uses, the one the tests use) can run side by side on different ports.
 *
 * Lifecycle: ensureJars (first run only) -> start (wait until Bolt answers) -> stop.
 *
 * Listening on loopback does not keep out the user's own browser: any web page (or a
 * DNS-rebinding host name) can POST to the HTTP API on 127.0.0.1. So authentication is on,
 * with a password generated for each instance and kept in its folder (`password`, readable
 * by its owner only); the API reads it from there, and Neo4j Browser's connect form takes
 * it (`npm run neo4j:status` shows it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import neo4jDriver from 'neo4j-driver';
import { PROJECT_ROOT, type EmbeddedSettings } from '../config.js';

export const NEO4J_DIR = path.join(PROJECT_ROOT, 'neo4j');
const LIB_DIR = path.join(NEO4J_DIR, 'lib');
const LIB_MARKER = path.join(LIB_DIR, '.complete');
const POM = path.join(NEO4J_DIR, 'pom.xml');
const LAUNCHER_SOURCE = path.join(NEO4J_DIR, 'Launcher.java');
const LAUNCHER_CLASSES = path.join(LIB_DIR, 'launcher');
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

/** The JVM flags of the stock Neo4j 5 neo4j.conf that the server needs on Java 17. */
const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+AlwaysPreTouch',
  '-XX:+UnlockExperimentalVMOptions',
  '-XX:+TrustFinalNonStaticFields',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.tls.ephemeralDHKeySize=2048',
  '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
];

export class EmbeddedNeo4jError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedNeo4jError';
  }
}

export interface StartOptions {
  /** Stop the server when this process exits, even on SIGKILL (watched from the JVM). */
  tieToParent: boolean;
  /** Delete the instance's data before starting (tests). */
  fresh?: boolean;
  /** Progress lines for a person watching (stderr by default). */
  progress?: (line: string) => void;
}

export interface RunningNeo4j {
  boltUri: string;
  httpUrl: string;
  /** The instance's credentials (authentication is on; the password is kept in its folder). */
  user: string;
  password: string;
  pid: number;
  /** False when an already running instance was reused: stop() then leaves it running. */
  ownedByUs: boolean;
  stop(): Promise<void>;
}

export class EmbeddedNeo4j {
  readonly dir: string;
  private readonly pidFile: string;

  constructor(private readonly settings: EmbeddedSettings) {
    if (!/^[a-z0-9-]+$/.test(settings.instance)) {
      throw new EmbeddedNeo4jError(`EMBEDDED_NEO4J_INSTANCE must be kebab-case, got "${settings.instance}"`);
    }
    this.dir = path.join(NEO4J_DIR, 'instances', settings.instance);
    this.pidFile = path.join(this.dir, 'neo4j.pid');
    this.passwordFile = path.join(this.dir, PASSWORD_FILE);
  }

  /** The file that keeps this instance's password (created on its first start). */
  readonly passwordFile: string;

  /** This instance's password, generated and written to its folder the first time. */
  password(): string {
    if (fs.existsSync(this.passwordFile)) return fs.readFileSync(this.passwordFile, 'utf8').trim();
    fs.mkdirSync(this.dir, { recursive: true });
    const password = randomBytes(18).toString('base64url');
    fs.writeFileSync(this.passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
    return password;
  }

  get boltUri(): string {
    return `bolt://127.0.0.1:${this.settings.boltPort}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.settings.httpPort}`;
  }

  /**
   * The running server as its own config describes it (it may have been started with other
   * ports than the current environment names), or undefined when it is not running.
   */
  running(): { pid: number; owner?: number; boltUri: string } | undefined {
    const pid = this.runningPid();
    if (pid === undefined) return undefined;
    const conf = path.join(this.dir, 'conf', 'neo4j.conf');
    const match = fs.existsSync(conf)
      ? /^server\.bolt\.listen_address=(.+)$/m.exec(fs.readFileSync(conf, 'utf8'))
      : null;
    const { owner } = this.readPidFile();
    return {
      pid,
      owner: owner !== undefined && isAlive(owner) ? owner : undefined,
      boltUri: match ? `bolt://${match[1]}` : this.boltUri,
    };
  }

  /** Pid of this instance's server if it is running, else undefined. */
  runningPid(): number | undefined {
    const { pid } = this.readPidFile();
    if (pid === undefined || !isAlive(pid)) return undefined;
    // After a reboot the recorded pid may belong to another process: check it is ours.
    const cmdline = `/proc/${pid}/cmdline`;
    if (fs.existsSync(cmdline) && !fs.readFileSync(cmdline, 'utf8').includes(`--home-dir=${this.dir}\0`))
      return undefined;
    return pid;
  }

  async start(options: StartOptions): Promise<RunningNeo4j> {
    const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
    fs.mkdirSync(this.dir, { recursive: true });
    // One start at a time per instance: two racing starts would both find the port free.
    return withLock(path.join(this.dir, 'start.lock'), START_TIMEOUT_MS, () => this.startLocked(options, progress));
  }

  private async startLocked(options: StartOptions, progress: (line: string) => void): Promise<RunningNeo4j> {
    const existing = this.runningPid();
    if (existing !== undefined && !options.fresh) {
      try {
        await waitForBolt(this.settings.boltPort, START_TIMEOUT_MS, () => isAlive(existing), this.dir);
        progress(`neo4j: reusing instance "${this.settings.instance}" (pid ${existing}) at ${this.boltUri}`);
        const { owner } = this.readPidFile();
        if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
          progress(
            `neo4j: note: process ${owner} started this instance and it stops when that process ends; ` +
              'run `npm run neo4j:start` first for one that stays up',
          );
        }
        return this.handle(existing, false);
      } catch (error) {
        if (isAlive(existing)) throw error;
        progress(`neo4j: the previous server of instance "${this.settings.instance}" has stopped; starting a new one`);
      }
    }
    if (existing !== undefined && isAlive(existing)) await this.stopPid(existing);

    const java = checkJava(this.settings.javaHome);
    await ensureJars(progress);
    ensureLauncher(java);
    if (await portInUse(this.settings.boltPort)) {
      throw new EmbeddedNeo4jError(
        `port ${this.settings.boltPort} (Bolt) is already in use by another process: stop it, or set ` +
          'EMBEDDED_NEO4J_BOLT_PORT to a free port (or NEO4J_URI to use that server)',
      );
    }
    if (await portInUse(this.settings.httpPort)) {
      throw new EmbeddedNeo4jError(
        `port ${this.settings.httpPort} (HTTP) is already in use by another process: set EMBEDDED_NEO4J_HTTP_PORT to a free port`,
      );
    }
    if (options.fresh) fs.rmSync(path.join(this.dir, 'data'), { recursive: true, force: true });
    this.writeConfig();
    // Before the first start, so that the server never accepts Neo4j's default password.
    if (!fs.existsSync(path.join(this.dir, 'data', 'databases', 'system'))) {
      writeInitialPassword(path.join(this.dir, 'data'), this.password());
    }

    progress(`neo4j: starting Neo4j Community (instance "${this.settings.instance}") on ${this.boltUri} ...`);
    const started = Date.now();
    const out = fs.openSync(path.join(this.dir, 'console.log'), 'a');
    const args = [
      `-Xms${this.settings.heap}`,
      `-Xmx${this.settings.heap}`,
      ...JVM_FLAGS,
      ...(options.tieToParent ? [`-Deuroaigraph.parentPid=${process.pid}`] : []),
      '-cp',
      `${LIB_DIR}/*${path.delimiter}${LAUNCHER_CLASSES}`,
      'Launcher',
      `--home-dir=${this.dir}`,
      `--config-dir=${path.join(this.dir, 'conf')}`,
    ];
    const child: ChildProcess = spawn(java, args, {
      cwd: this.dir,
      stdio: ['ignore', out, out],
      // Detached: Ctrl-C in a terminal reaches our Node process, which then stops Neo4j
      // cleanly (the JVM's parent watch covers the case where Node dies without doing so).
      detached: true,
    });
    fs.closeSync(out);
    child.unref();
    if (child.pid === undefined) throw new EmbeddedNeo4jError(`could not start ${java}`);
    // "<server pid> <owner pid>": the owner is the process the server stops with (0: none).
    fs.writeFileSync(this.pidFile, `${child.pid} ${options.tieToParent ? process.pid : 0}\n`);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    try {
      await waitForBolt(this.settings.boltPort, START_TIMEOUT_MS, () => !exited, this.dir);
    } catch (error) {
      await this.stopPid(child.pid).catch(() => undefined);
      throw error;
    }
    try {
      await setPassword(this.boltUri, this.password(), this.passwordFile);
    } catch (error) {
      await this.stopPid(child.pid).catch(() => undefined);
      throw error;
    }
    progress(`neo4j: ready at ${this.boltUri} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid})`);
    progress(
      `neo4j: Neo4j Browser at ${this.httpUrl.replace('127.0.0.1', 'localhost')}/browser/ (user neo4j, password in ${path.relative(process.cwd(), this.passwordFile)})`,
    );
    return this.handle(child.pid, true);
  }

  /** Stops this instance's server if it runs (by the pid it recorded). */
  async stop(): Promise<boolean> {
    const pid = this.runningPid();
    if (pid === undefined) return false;
    await this.stopPid(pid);
    return true;
  }

  private handle(pid: number, ownedByUs: boolean): RunningNeo4j {
    return {
      boltUri: this.boltUri,
      httpUrl: this.httpUrl,
      user: USER,
      password: this.password(),
      pid,
      ownedByUs,
      stop: async () => {
        if (ownedByUs) await this.stopPid(pid);
      },
    };
  }

  private async stopPid(pid: number): Promise<void> {
    if (isAlive(pid)) {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + STOP_TIMEOUT_MS;
      while (isAlive(pid) && Date.now() < deadline) await sleep(200);
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    if (this.readPidFile().pid === pid) fs.rmSync(this.pidFile, { force: true });
  }

  private readPidFile(): { pid?: number; owner?: number } {
    if (!fs.existsSync(this.pidFile)) return {};
    const [pid, owner] = fs.readFileSync(this.pidFile, 'utf8').trim().split(/\s+/).map(Number);
    return {
      pid: Number.isInteger(pid) && pid > 0 ? pid : undefined,
      owner: Number.isInteger(owner) && owner > 0 ? owner : undefined,
    };
  }

  /** Writes the instance's neo4j.conf (every start does; the offline importer reads it too). */
  writeConfig(): void {
    const conf = path.join(this.dir, 'conf');
    fs.mkdirSync(conf, { recursive: true });
    const lines = [
      '# Written by src/embedded/neo4j.ts on every start; edit the environment, not this file.',
      'server.default_listen_address=127.0.0.1',
      `server.bolt.listen_address=127.0.0.1:${this.settings.boltPort}`,
      `server.http.listen_address=127.0.0.1:${this.settings.httpPort}`,
      // What the HTTP discovery document (and so Neo4j Browser at /browser) tells clients.
      `server.bolt.advertised_address=127.0.0.1:${this.settings.boltPort}`,
      'server.https.enabled=false',
      'server.bolt.tls_level=DISABLED',
      // Loopback is not enough: a web page in the user's browser can reach 127.0.0.1. The
      // password is generated per instance (see password()); the HTTP API answers no other
      // origin than its own pages (Neo4j Browser).
      'dbms.security.auth_enabled=true',
      `dbms.security.http_access_control_allow_origin=${this.httpUrl}`,
      'dbms.usage_report.enabled=false',
      // Neo4j Browser (/browser) sends no telemetry.
      'client.allow_telemetry=false',
      `server.memory.pagecache.size=${this.settings.pageCache}`,
      `server.directories.data=${path.join(this.dir, 'data')}`,
      `server.directories.logs=${path.join(this.dir, 'logs')}`,
      `server.directories.run=${path.join(this.dir, 'run')}`,
      `server.directories.plugins=${path.join(NEO4J_DIR, 'plugins')}`,
      'db.tx_log.rotation.retention_policy=2 files',
      // Bolt waits 5 s twice for connections to drain on shutdown; on loopback, with our
      // own driver closed first, 1 s is plenty and makes a restart fast.
      'internal.server.bolt.connection_shutdown_wait_time=1s',
      'internal.server.bolt.thread_pool_shutdown_wait_time=1s',
      '',
    ];
    fs.writeFileSync(path.join(conf, 'neo4j.conf'), lines.join('\n'));
  }
}

/**
 * Resolves the Neo4j jars into neo4j/lib with Maven, once, printing progress as the
 * artifacts arrive. Later calls return at once.
 */
export async function ensureJars(progress: (line: string) => void): Promise<void> {
  if (jarsReady()) return;
  await withLock(path.join(NEO4J_DIR, 'lib.lock'), 30 * 60_000, () => fetchJars(progress));
}

function jarsReady(): boolean {
  return fs.existsSync(LIB_MARKER) && fs.readFileSync(LIB_MARKER, 'utf8') === pomVersion();
}

async function fetchJars(progress: (line: string) => void): Promise<void> {
  if (jarsReady()) return; // another process fetched them while we waited for the lock
  const mvn = process.platform === 'win32' ? 'mvn.cmd' : 'mvn';
  const probe = spawnSync(mvn, ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmbeddedNeo4jError(
      'Maven (mvn) is needed once, to fetch the Neo4j jars from Maven Central, and was not found on PATH. ' +
        'Install it (Debian/Ubuntu: apt-get install maven) or set NEO4J_URI to use a Neo4j you already run.',
    );
  }
  progress(`neo4j: fetching Neo4j ${pomVersion()} jars with Maven into neo4j/lib (first start only; about 130 MB) ...`);
  const started = Date.now();
  // Fetch into a fresh folder and swap it in whole: a server still running from the old
  // folder keeps the jars it has open, and an interrupted fetch leaves lib/ untouched.
  const partial = `${LIB_DIR}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  const output: string[] = [];
  let downloaded = 0;
  let lastReport = Date.now();
  const status = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(mvn, ['-B', '-f', POM, 'dependency:copy-dependencies', `-Dneo4j.lib.dir=${partial}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        output.push(line);
        if (output.length > 200) output.shift();
        if (/Downloaded from/.test(line)) downloaded += 1;
      }
      if (Date.now() - lastReport > 3000) {
        lastReport = Date.now();
        progress(`neo4j: ... ${downloaded} files downloaded (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (status !== 0) {
    fs.rmSync(partial, { recursive: true, force: true });
    const tail = output
      .filter((l) => l.trim() !== '')
      .slice(-20)
      .join('\n');
    throw new EmbeddedNeo4jError(`fetching the Neo4j jars failed (mvn exit ${status}):\n${tail}`);
  }
  const jars = fs.readdirSync(partial).filter((f) => f.endsWith('.jar'));
  fs.writeFileSync(path.join(partial, '.complete'), pomVersion());
  const old = `${LIB_DIR}.old-${process.pid}`;
  if (fs.existsSync(LIB_DIR)) fs.renameSync(LIB_DIR, old);
  fs.renameSync(partial, LIB_DIR);
  fs.rmSync(old, { recursive: true, force: true });
  const mb = jars.reduce((sum, f) => sum + fs.statSync(path.join(LIB_DIR, f)).size, 0) / 1e6;
  progress(
    `neo4j: fetched ${jars.length} jars (${mb.toFixed(0)} MB, ${downloaded} downloads) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/**
 * Compiles neo4j/Launcher.java next to the jars when it is missing or older than its
 * source (javac comes with every JDK).
 */
export function ensureLauncher(java: string): void {
  const compiled = path.join(LAUNCHER_CLASSES, 'Launcher.class');
  if (fs.existsSync(compiled) && fs.statSync(compiled).mtimeMs >= fs.statSync(LAUNCHER_SOURCE).mtimeMs) return;
  const javac = path.join(path.dirname(java), process.platform === 'win32' ? 'javac.exe' : 'javac');
  const result = spawnSync(
    fs.existsSync(javac) ? javac : 'javac',
    ['-d', LAUNCHER_CLASSES, '-cp', `${LIB_DIR}/*`, LAUNCHER_SOURCE],
    {
      encoding: 'utf8',
    },
  );
  if (result.error || result.status !== 0) {
    throw new EmbeddedNeo4jError(
      'compiling neo4j/Launcher.java failed: a JDK 17+ (with javac), not only a JRE, is needed. ' +
        `Debian/Ubuntu: apt-get install openjdk-17-jdk-headless.\n${result.stderr ?? result.error?.message ?? ''}`.trim(),
    );
  }
}

/** The java binary to use; throws a clear error when Java 17+ is missing. */
export function checkJava(javaHome?: string): string {
  const java = javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmbeddedNeo4jError(
      `Java 17 or newer is needed to run the embedded Neo4j, and "${java}" could not be run. ` +
        'Install a JDK 17+ (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless), set JAVA_HOME, ' +
        'or set NEO4J_URI to use a Neo4j you already run.',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17) {
    throw new EmbeddedNeo4jError(
      `Neo4j 5.26 needs Java 17 or newer; "${java}" is Java ${major || 'of unknown version'}.`,
    );
  }
  return java;
}

// ---- private helpers ----

const USER = 'neo4j';
const PASSWORD_FILE = 'password';
const DEFAULT_PASSWORD = 'neo4j';

/**
 * What `neo4j-admin dbms set-initial-password` writes (data/dbms/auth.ini, read when the
 * system database is first created): the password's SHA-256 over a random salt, iterated
 * 1024 times. Written here, it costs no JVM start.
 */
function writeInitialPassword(dataDir: string, password: string): void {
  const salt = randomBytes(32);
  let hash = createHash('sha256').update(salt).update(password, 'utf8').digest();
  for (let i = 1; i < 1024; i++) hash = createHash('sha256').update(hash).digest();
  fs.mkdirSync(path.join(dataDir, 'dbms'), { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, 'dbms', 'auth.ini'),
    `${USER}:SHA-256,${hash.toString('hex')},${salt.toString('hex')},1024:\n`,
    {
      mode: 0o600,
    },
  );
}

/**
 * Makes `password` the neo4j user's password (an instance whose system database was
 * created before authentication was turned on still has Neo4j's default). A fresh instance (or one first started
 * without authentication) still has Neo4j's default, which must be changed before
 * anything else can run.
 */
async function setPassword(boltUri: string, password: string, passwordFile: string): Promise<void> {
  if (await authenticates(boltUri, password)) return;
  const driver = neo4jDriver.driver(boltUri, neo4jDriver.auth.basic(USER, DEFAULT_PASSWORD));
  try {
    await driver.executeQuery(
      'ALTER CURRENT USER SET PASSWORD FROM $old TO $password',
      { old: DEFAULT_PASSWORD, password },
      { database: 'system' },
    );
  } catch (error) {
    throw new EmbeddedNeo4jError(
      `the embedded Neo4j's user "${USER}" accepts neither the password in ${passwordFile} nor Neo4j's default ` +
        `(${(error as Error).message.split('\n')[0]}): write its password into that file, or delete the instance's data folder`,
    );
  } finally {
    await driver.close();
  }
}

async function authenticates(boltUri: string, password: string): Promise<boolean> {
  const driver = neo4jDriver.driver(boltUri, neo4jDriver.auth.basic(USER, password));
  try {
    await driver.executeQuery('SHOW CURRENT USER YIELD user', {}, { database: 'system' });
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'Neo.ClientError.Security.Unauthorized' || code.startsWith('Neo.ClientError.Security.')) return false;
    throw error;
  } finally {
    await driver.close();
  }
}

function pomVersion(): string {
  const pom = fs.readFileSync(POM, 'utf8');
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(pom);
  // The pom's hash too: a dependency added to it (a plugin, the browser) means a new fetch.
  const hash = createHash('sha256').update(pom).digest('hex').slice(0, 12);
  return `${match ? match[1] : 'unknown'} (pom ${hash})`;
}

/**
 * Runs `work` holding an exclusive lock file (created with O_EXCL, holding our pid). A lock
 * whose holder has died is taken over; a live holder is waited for, up to `timeoutMs`.
 */
async function withLock<T>(file: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new EmbeddedNeo4jError(`${file} is held by process ${holder}; waited ${timeoutMs / 1000} s`);
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Waits until the server answers the Bolt handshake. Fails early, with the end of the
 * instance's logs, when the process dies.
 */
async function waitForBolt(
  port: number,
  timeoutMs: number,
  running: () => boolean,
  instanceDir: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running()) throw new EmbeddedNeo4jError(`Neo4j exited during start-up.\n${logTails(instanceDir)}`);
    if (await boltHandshake(port)) return;
    await sleep(250);
  }
  throw new EmbeddedNeo4jError(
    `Neo4j did not answer on Bolt port ${port} within ${timeoutMs / 1000} s.\n${logTails(instanceDir)}`,
  );
}

/** Sends the Bolt magic preamble and version proposals; a Bolt server answers with 4 bytes. */
function boltHandshake(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const handshake = Buffer.alloc(20);
      handshake.writeUInt32BE(0x6060b017, 0);
      handshake.writeUInt32BE(0x00000405, 4); // proposes Bolt 5.4; any Bolt server answers with 4 bytes
      socket.write(handshake);
    });
    socket.once('data', (data) => done(data.length >= 4));
  });
}

function logTails(instanceDir: string): string {
  return ['console.log', path.join('logs', 'neo4j.log')]
    .map((file) => `End of ${path.join(instanceDir, file)}:\n${tail(path.join(instanceDir, file), 15)}`)
    .join('\n');
}

function tail(file: string, lines: number): string {
  if (!fs.existsSync(file)) return '(no log written)';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
