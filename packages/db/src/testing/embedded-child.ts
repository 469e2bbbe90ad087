import { startEmbeddedPostgres } from "../embedded";

/** A process that runs an embedded PostgreSQL until it gets a signal: tests check what the signal leaves behind. */
const [dataDir = "", port = "0"] = process.argv.slice(2);
const handle = await startEmbeddedPostgres({ dataDir, port: Number(port) });
process.stdout.write(`${handle.url}\n`);
setInterval(() => {}, 60_000);
