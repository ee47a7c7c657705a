/*
 * Starts the Neo4j Community server exactly as the official launcher does
 * (org.neo4j.server.CommunityEntryPoint), and stops it when the process that asked for it
 * is gone. Without this, a Node process killed with SIGKILL would leave a JVM holding the
 * Bolt port. Compiled into lib/launcher by src/embedded/neo4j.ts, then run as
 *   java -cp "lib/*:lib/launcher" -Deuroaigraph.parentPid=123 Launcher --home-dir=... --config-dir=...
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        String parent = System.getProperty("euroaigraph.parentPid", "");
        if (!parent.isEmpty()) {
            long pid = Long.parseLong(parent);
            Thread watch = new Thread(() -> {
                while (true) {
                    boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        System.err.println("euro-ai-graph: parent process " + pid + " is gone, stopping Neo4j");
                        // System.exit runs Neo4j's shutdown hook: a clean database shutdown.
                        System.exit(0);
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "parent-watch");
            watch.setDaemon(true);
            watch.start();
        }
        org.neo4j.server.CommunityEntryPoint.main(args);
    }
}
