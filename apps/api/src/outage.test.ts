import { createDbClient } from "@chat/db";
import { type OwnPostgres, startOwnPostgres } from "@chat/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, eventually, type TestApi } from "./testing/harness";

let postgres: OwnPostgres;
let api: TestApi;
beforeAll(async () => {
  postgres = await startOwnPostgres();
  const client = createDbClient(postgres.url, { max: 4 });
  api = await createTestApi({ db: { ...client, url: postgres.url, drop: client.close } });
});
afterAll(async () => {
  await api?.close();
  await postgres?.dispose();
});

/** Far below postgres.js's own back-off, under which a request waited 30-40 s for a server that was gone. */
const FAIL_FAST_MS = 5000;

describe("a PostgreSQL outage", () => {
  it.each(["stop", "stopImmediately"] as const)(
    "after %s, requests fail fast with 503 and Retry-After instead of waiting, and succeed once it is back",
    async (stop) => {
      const token = await api.token("outage-user");
      expect((await api.call("GET", "/chats", { token })).status).toBe(200);
      await postgres[stop]();

      for (let round = 0; round < 3; round++) {
        const startedAt = Date.now();
        const answers = await Promise.all(
          Array.from({ length: 12 }, () => api.call("GET", "/chats", { token })),
        );
        expect(Date.now() - startedAt).toBeLessThan(FAIL_FAST_MS);
        for (const answer of answers) {
          expect(answer.status).toBe(503);
          expect(answer.headers.get("retry-after")).toBe("1");
          expect(answer.headers.get("content-type")).toContain("application/problem+json");
        }
      }

      await postgres.restart();
      await eventually(async () => expect((await api.call("GET", "/chats", { token })).status).toBe(200));
    },
  );
});
