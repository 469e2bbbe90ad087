import postgres from "postgres";

/**
 * porsager/postgres #1208: a transaction whose backend is terminated mid-query. Unpatched, postgres.js's
 * own ROLLBACK is written from setImmediate to a null socket and the process dies with a TypeError.
 * Prints what the transaction rejected with, then what the pool answers next.
 */
const url = process.argv[2] ?? "";
const sql = postgres(url, { max: 2, onnotice: () => {} });
const killer = postgres(url, { max: 1, onnotice: () => {} });
let pid: number | undefined;
const transaction = sql.begin(async (tx) => {
  const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
  pid = row?.pid;
  await tx`select pg_sleep(5)`;
});
while (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
await killer`select pg_terminate_backend(${pid})`;
const rejected = await transaction.then(
  () => "committed",
  (error: { code?: string }) => error.code,
);
const [after] = await sql<{ one: number }[]>`select 1 as one`;
process.stdout.write(`${JSON.stringify({ rejected, after: after?.one })}\n`);
await Promise.all([sql.end({ timeout: 1 }), killer.end({ timeout: 1 })]);
