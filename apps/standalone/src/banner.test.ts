import { describe, expect, it } from "vitest";
import { formatBanner } from "./banner";

const handle = {
  host: "127.0.0.1",
  apiPort: 18003,
  realtimePort: 18004,
  realtimeHttpPort: 18005,
  workerHttpPort: 18006,
  dataDir: "/data/postgres",
  embeddedPgPort: 15488,
  close: async () => {},
};

describe("the pnpm start banner", () => {
  it("names every port the process opens, each beside the variable that moves it", () => {
    const banner = formatBanner(handle);
    for (const [port, variable] of [
      [18003, "API_PORT"],
      [18004, "REALTIME_PORT"],
      [18005, "REALTIME_HTTP_PORT"],
      [18006, "WORKER_HTTP_PORT"],
      [15488, "EMBEDDED_PG_PORT"],
    ] as const) {
      expect(banner).toMatch(new RegExp(`:${port}\\S*  \\(${variable}[,)]`));
    }
  });

  it("says it listens on this machine only, and which variable opens it to the network", () => {
    expect(formatBanner(handle)).toContain(
      "Listening on  127.0.0.1 only (HOST=0.0.0.0 opens it to the network)",
    );
    expect(formatBanner({ ...handle, host: "0.0.0.0" })).toContain("Listening on  0.0.0.0\n");
  });

  it("leaves out the database port when PostgreSQL comes from DATABASE_URL", () => {
    const banner = formatBanner({ ...handle, dataDir: null, embeddedPgPort: null });
    expect(banner).not.toContain("EMBEDDED_PG_PORT");
    expect(banner).toContain("PostgreSQL from DATABASE_URL");
  });
});
