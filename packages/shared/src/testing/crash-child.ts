import { handleCrashes } from "../crash";
import { createLogger } from "../logger";

/**
 * Raises one kind of fault after handleCrashes, then prints "alive" from a later timer: a survived fault
 * prints it and exits 0, a fatal one reaches `fatal` first and exits 3.
 */
handleCrashes({
  logger: createLogger({ name: "crash-child", level: "silent" }),
  fatal: () => process.exit(3),
});

// The frames postgres.js 3.4.9 throws from when a connection dies mid-write (porsager/postgres #1154).
const driverError = new TypeError("Cannot read properties of null (reading 'write')");
driverError.stack = [
  "TypeError: Cannot read properties of null (reading 'write')",
  "    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)",
  "    at process.processImmediate (node:internal/timers:483:21)",
].join("\n");

const faults: Record<string, () => void> = {
  "driver-throw": () =>
    setImmediate(() => {
      throw driverError;
    }),
  "connection-rejection": () =>
    void Promise.reject(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })),
  "app-throw": () =>
    setImmediate(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'id')");
    }),
  "app-rejection": () => void Promise.reject(new Error("a bug")),
};
faults[process.argv[2] ?? ""]?.();
setTimeout(() => process.stdout.write("alive\n"), 20);
