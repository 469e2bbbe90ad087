import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { DEV_JWT_SECRET, mintToken } from "./mint";
import { bearerToken, createTokenVerifier } from "./verify";

const SECRET = "a-test-secret-that-is-at-least-32-characters";
const key = new TextEncoder().encode(SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** Signs arbitrary claims, so tests can leave out what mintToken always sets. */
function signHs(claims: Record<string, unknown>, alg = "HS256") {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(key);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  return appError;
}

describe("createTokenVerifier with JWT_SECRET (HS256)", () => {
  const verify = createTokenVerifier({ JWT_SECRET: SECRET });

  it("turns a valid token into a principal", async () => {
    const token = await mintToken({ secret: SECRET, userId: "alice", role: "moderator", name: "Alice" });
    expect(await verify(token)).toEqual({ userId: "alice", role: "moderator", name: "Alice" });
  });

  it("defaults the role to user and the name to null", async () => {
    const token = await signHs({ sub: "bob", exp: now() + 60 });
    expect(await verify(token)).toEqual({ userId: "bob", role: "user", name: null });
  });

  it("trusts a verified token again only until its exp: then it is rejected like any expired token", async () => {
    let clockMs = Date.now();
    const verifyAt = createTokenVerifier({ JWT_SECRET: SECRET }, { remember: true, now: () => clockMs });
    const token = await signHs({ sub: "carol", exp: Math.floor(clockMs / 1000) + 10 });
    expect(await verifyAt(token)).toEqual({ userId: "carol", role: "user", name: null });
    clockMs += 9_000;
    expect(await verifyAt(token)).toEqual({ userId: "carol", role: "user", name: null });
    clockMs += 7_000;
    expect((await rejection(verifyAt(token))).message).toBe("token expired");
    const tampered = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}A`;
    clockMs -= 16_000;
    await rejection(verifyAt(tampered));
  });

  it("rejects an expired token with 401 'token expired'", async () => {
    const token = await signHs({ sub: "alice", exp: now() - 3600 });
    expect((await rejection(verify(token))).message).toBe("token expired");
  });

  it("rejects a token without exp (jose checks exp only when present)", async () => {
    const token = await signHs({ sub: "alice", role: "user" });
    expect((await rejection(verify(token))).message).toBe("token claim rejected: exp");
  });

  it("rejects a token without sub", async () => {
    const token = await signHs({ role: "user", exp: now() + 60 });
    expect((await rejection(verify(token))).message).toBe("token claim rejected: sub");
  });

  it("rejects a role outside user, moderator, admin, and a sub longer than 64 characters", async () => {
    const badRole = await signHs({ sub: "alice", role: "superuser", exp: now() + 60 });
    expect((await rejection(verify(badRole))).message).toBe("token claims are invalid (sub, role)");
    const longSub = await signHs({ sub: "x".repeat(65), exp: now() + 60 });
    await rejection(verify(longSub));
  });

  it("rejects a sub that is not already a normalised user id instead of trimming it into someone else's", async () => {
    for (const sub of [" victim\t", "victim ", "\tvictim", "evil\u0000id", "line\nbreak", "   "]) {
      const token = await signHs({ sub, exp: now() + 60 });
      expect((await rejection(verify(token))).message, JSON.stringify(sub)).toBe(
        "token claims are invalid (sub, role)",
      );
    }
    expect(await verify(await signHs({ sub: "victim", exp: now() + 60 }))).toMatchObject({
      userId: "victim",
    });
  });

  it("rejects alg none, HS512 with the right secret, and an RS256 token", async () => {
    const unsecured = new UnsecuredJWT({ sub: "alice", exp: now() + 60 }).encode();
    await rejection(verify(unsecured));

    const hs512 = await signHs({ sub: "alice", exp: now() + 60 }, "HS512");
    expect((await rejection(verify(hs512))).message).toBe("token algorithm not allowed");

    const { privateKey } = await generateKeyPair("RS256");
    const rs256 = await new SignJWT({ sub: "alice", exp: now() + 60 })
      .setProtectedHeader({ alg: "RS256" })
      .sign(privateKey);
    expect((await rejection(verify(rs256))).message).toBe("token algorithm not allowed");
  });

  it("rejects a token signed with another secret, a tampered one, garbage, and an empty one", async () => {
    const other = await mintToken({ secret: DEV_JWT_SECRET, userId: "alice" });
    expect((await rejection(verify(other))).message).toBe("invalid token");
    const good = await mintToken({ secret: SECRET, userId: "alice" });
    const [header, , signature] = good.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "admin", role: "admin", exp: now() + 60 })).toString(
      "base64url",
    );
    await rejection(verify(`${header}.${forged}.${signature}`));
    await rejection(verify("not.a.token"));
    expect((await rejection(verify(""))).message).toBe("missing bearer token");
  });

  it("checks iss and aud when configured", async () => {
    const strict = createTokenVerifier({
      JWT_SECRET: SECRET,
      JWT_ISSUER: "auth-svc",
      JWT_AUDIENCE: "chat-svc",
    });
    const right = await mintToken({
      secret: SECRET,
      userId: "alice",
      issuer: "auth-svc",
      audience: "chat-svc",
    });
    expect((await strict(right)).userId).toBe("alice");

    const wrongIssuer = await mintToken({
      secret: SECRET,
      userId: "a",
      issuer: "evil",
      audience: "chat-svc",
    });
    expect((await rejection(strict(wrongIssuer))).message).toBe("token claim rejected: iss");
    const wrongAudience = await mintToken({ secret: SECRET, userId: "a", issuer: "auth-svc", audience: "x" });
    expect((await rejection(strict(wrongAudience))).message).toBe("token claim rejected: aud");
    const neither = await mintToken({ secret: SECRET, userId: "alice" });
    await rejection(strict(neither));
  });

  it("ignores iss and aud when they are not configured", async () => {
    const token = await mintToken({
      secret: SECRET,
      userId: "alice",
      issuer: "anyone",
      audience: "anything",
    });
    expect((await verify(token)).userId).toBe("alice");
  });
});

describe("createTokenVerifier with auth-svc's JWKS", () => {
  let server: Server;
  let baseUrl: string;
  let jwksRequests = 0;
  const signers: Record<string, Awaited<ReturnType<typeof generateKeyPair>>["privateKey"]> = {};

  beforeAll(async () => {
    const keys: JWK[] = [];
    for (const alg of ["RS256", "ES256"] as const) {
      const pair = await generateKeyPair(alg, { extractable: true });
      signers[alg] = pair.privateKey;
      keys.push({ ...(await exportJWK(pair.publicKey)), kid: `k-${alg}`, alg, use: "sig" });
    }
    server = createServer((request, response) => {
      if (request.url !== "/.well-known/jwks.json") {
        response.writeHead(404).end();
        return;
      }
      jwksRequests++;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const signAsym = (alg: "RS256" | "ES256", claims: Record<string, unknown>, kid = `k-${alg}`) =>
    new SignJWT(claims).setProtectedHeader({ alg, kid }).sign(signers[alg]!);

  it("verifies RS256 and ES256 tokens with keys from AUTH_SERVICE_URL + /.well-known/jwks.json, fetched once", async () => {
    const verify = createTokenVerifier({ AUTH_SERVICE_URL: baseUrl });
    const before = jwksRequests;
    const rs = await signAsym("RS256", { sub: "alice", role: "admin", exp: now() + 60 });
    const es = await signAsym("ES256", { sub: "bob", exp: now() + 60 });
    expect(await verify(rs)).toEqual({ userId: "alice", role: "admin", name: null });
    expect(await verify(es)).toEqual({ userId: "bob", role: "user", name: null });
    await verify(rs);
    expect(jwksRequests - before).toBe(1);
  });

  it("uses AUTH_JWKS_URL when it is set", async () => {
    const verify = createTokenVerifier({
      AUTH_SERVICE_URL: "http://127.0.0.1:1",
      AUTH_JWKS_URL: `${baseUrl}/.well-known/jwks.json`,
    });
    expect((await verify(await signAsym("RS256", { sub: "carol", exp: now() + 60 }))).userId).toBe("carol");
  });

  it("rejects an HS256 token, whatever its secret, in JWKS mode", async () => {
    const verify = createTokenVerifier({ AUTH_SERVICE_URL: baseUrl });
    const hs = await mintToken({ secret: SECRET, userId: "mallory", role: "admin" });
    expect((await rejection(verify(hs))).message).toBe("token algorithm not allowed");
  });

  it("still requires exp and sub, and rejects a key the JWKS does not hold", async () => {
    const verify = createTokenVerifier({ AUTH_SERVICE_URL: baseUrl });
    await rejection(verify(await signAsym("RS256", { sub: "alice" })));
    await rejection(verify(await signAsym("RS256", { exp: now() + 60 })));
    const { privateKey } = await generateKeyPair("RS256");
    const stranger = await new SignJWT({ sub: "alice", exp: now() + 60 })
      .setProtectedHeader({ alg: "RS256", kid: "k-RS256" })
      .sign(privateKey);
    await rejection(verify(stranger));
  });

  it("fails closed with 503 'token keys unavailable' when the JWKS answers 404 or nobody listens", async () => {
    const token = await signAsym("RS256", { sub: "alice", exp: now() + 60 });
    for (const url of [`${baseUrl}/missing.json`, "http://127.0.0.1:1/.well-known/jwks.json"]) {
      const verify = createTokenVerifier({ AUTH_JWKS_URL: url });
      await expect(verify(token)).rejects.toMatchObject({
        code: "UNAVAILABLE",
        status: 503,
        message: "token keys unavailable",
      });
    }
  });

  it("refuses to build without any key source", () => {
    expect(() => createTokenVerifier({})).toThrow(/JWT_SECRET, AUTH_JWKS_URL or AUTH_SERVICE_URL/);
  });
});

describe("bearerToken", () => {
  it.each([
    ["Bearer abc.def.ghi", "abc.def.ghi"],
    ["bearer abc", "abc"],
    ["Bearer   abc  ", "abc"],
    ["Bearer", ""],
    ["Bearer a b", ""],
    ["Basic abc", ""],
    ["abc", ""],
    ["", ""],
    [undefined, ""],
    [null, ""],
  ])("%j gives %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
