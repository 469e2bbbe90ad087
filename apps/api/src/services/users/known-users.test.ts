import { createTestDatabase, type TestDatabase } from "@chat/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, uniqueId } from "../../testing/harness";
import { createKnownUsers } from "./known-users";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("known users", () => {
  it("remembers a caller once, then applies a ban within the cache TTL", async () => {
    const known = createKnownUsers(db.db, 300);
    const principal = { userId: uniqueId("u"), role: "user" as const, name: "Uma" };
    await known.admit(principal);
    const [row] = await db.sql`select name from users where id = ${principal.userId}`;
    expect(row?.name).toBe("Uma");
    await db.sql`update users set banned_at = now() where id = ${principal.userId}`;
    await eventually(async () => {
      await expect(known.admit(principal)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }, 5000);
  });

  it("applies a ban at once after forget(), whatever the TTL", async () => {
    const known = createKnownUsers(db.db, 60_000);
    const principal = { userId: uniqueId("u"), role: "user" as const, name: null };
    await known.admit(principal);
    await db.sql`update users set banned_at = now() where id = ${principal.userId}`;
    await expect(known.admit(principal)).resolves.toBeUndefined();
    known.forget(principal.userId);
    await expect(known.admit(principal)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("stores the role of the caller's token, and a token with another role replaces it at once, whatever the TTL", async () => {
    const known = createKnownUsers(db.db, 60_000);
    const userId = uniqueId("u");
    const roleOf = async () => (await db.sql`select role from users where id = ${userId}`)[0]?.role;
    await db.sql`insert into users (id) values (${userId})`;
    expect(await roleOf()).toBeNull();
    await known.admit({ userId, role: "moderator", name: null });
    expect(await roleOf()).toBe("moderator");
    await known.admit({ userId, role: "user", name: null });
    expect(await roleOf()).toBe("user");
    await known.admit({ userId, role: "admin", name: null });
    expect(await roleOf()).toBe("admin");
  });
});
