import { webcrypto } from "node:crypto";
import {
  createRemoteJWKSet,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  jwtVerify,
} from "jose";
import { z } from "zod";
import { Role, UserId } from "../contracts/common";
import { AppError } from "../errors";

export const Principal = z.object({ userId: UserId, role: Role, name: z.string().max(200).nullable() });
export type Principal = z.infer<typeof Principal>;

/**
 * `sub` must already be the user id it names. UserId trims, so a signed " victim\t" would otherwise act as
 * "victim"; a control character (NUL above all) cannot be stored or compared as an id anywhere.
 */
const Subject = z
  .string()
  .refine(
    (sub) => UserId.safeParse(sub).data === sub && !/\p{Cc}/u.test(sub),
    "sub is not a normalised user id",
  );

const Claims = z.object({
  sub: Subject,
  role: Role.default("user"),
  name: z.string().max(200).optional(),
});

export interface AuthConfig {
  JWT_SECRET?: string;
  AUTH_SERVICE_URL?: string;
  AUTH_JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
}

export type VerifyToken = (token: string) => Promise<Principal>;

const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

function jwksUrlOf(config: AuthConfig): URL {
  if (config.AUTH_JWKS_URL) return new URL(config.AUTH_JWKS_URL);
  if (config.AUTH_SERVICE_URL) return new URL("/.well-known/jwks.json", config.AUTH_SERVICE_URL);
  throw new Error("auth needs JWT_SECRET, AUTH_JWKS_URL or AUTH_SERVICE_URL");
}

/** A verified token is trusted again for at most this long, so a key withdrawn from the JWKS stops working. */
const REVERIFY_AFTER_MS = 60_000;
const MAX_CACHED_TOKENS = 10_000;

export interface VerifierOptions {
  /** Remember verified tokens: for a caller that sends one token many times (REST, not socket upgrades). */
  remember?: boolean;
  /** The clock of the expiry checks, in epoch milliseconds (tests move it). */
  now?: () => number;
}

/**
 * Builds the verifier once: the JWKS is fetched and cached by jose, never derived from token claims.
 * Algorithms are pinned, `exp` and `sub` are required, and `iss`/`aud` are checked when configured.
 * With `remember`, a token that verified is trusted again until its `exp` (at most REVERIFY_AFTER_MS): a
 * REST client sends the same token with every request, and the signature check is a large share of a
 * request's CPU. A socket presents its token once, so the realtime node keeps no such memory.
 */
export function createTokenVerifier(
  config: AuthConfig,
  { remember = false, now = Date.now }: VerifierOptions = {},
): VerifyToken {
  // Imported once: given the secret's bytes, jose imports a WebCrypto key on every verify.
  const key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey = config.JWT_SECRET
    ? webcrypto.subtle.importKey(
        "raw",
        new TextEncoder().encode(config.JWT_SECRET),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["verify"],
      )
    : remoteKeys(jwksUrlOf(config));
  const options: JWTVerifyOptions = {
    algorithms: config.JWT_SECRET ? ["HS256"] : ASYMMETRIC,
    requiredClaims: ["exp", "sub"],
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    clockTolerance: 5,
  };
  const verified = new Map<string, { principal: Principal; trustUntilMs: number }>();

  return async (token) => {
    if (!token) throw new AppError("UNAUTHORIZED", "missing bearer token");
    const nowMs = now();
    const cached = verified.get(token);
    if (cached && nowMs < cached.trustUntilMs) return cached.principal;
    let payload: JWTPayload;
    try {
      const checks = { ...options, currentDate: new Date(nowMs) };
      ({ payload } =
        typeof key === "function"
          ? await jwtVerify(token, key, checks)
          : await jwtVerify(token, await key, checks));
    } catch (error) {
      verified.delete(token);
      if (error instanceof KeysUnavailable)
        throw new AppError("UNAVAILABLE", "token keys unavailable", { cause: error.cause });
      throw new AppError("UNAUTHORIZED", describe(error), { cause: error });
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new AppError("UNAUTHORIZED", "token claims are invalid (sub, role)");
    const principal = { userId: claims.data.sub, role: claims.data.role, name: claims.data.name ?? null };
    if (!remember) return principal;
    if (verified.size >= MAX_CACHED_TOKENS) verified.clear();
    const trustUntilMs = Math.min((payload.exp ?? 0) * 1000, nowMs + REVERIFY_AFTER_MS);
    verified.set(token, { principal, trustUntilMs });
    return principal;
  };
}

class KeysUnavailable extends Error {}

/**
 * auth-svc's JWKS, fetched and cached by jose. A JWKS that cannot be fetched says nothing about the token,
 * so it is told apart from a bad token: the caller answers 503 and the client retries instead of logging out.
 */
function remoteKeys(url: URL): JWTVerifyGetKey {
  const jwks = createRemoteJWKSet(url, { timeoutDuration: 2000, cooldownDuration: 30_000 });
  return async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      const aboutToken =
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported ||
        error instanceof errors.JOSEAlgNotAllowed;
      if (aboutToken) throw error;
      throw new KeysUnavailable("JWKS unavailable", { cause: error });
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "token expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim rejected: ${error.claim}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "token algorithm not allowed";
  return "invalid token";
}

/** Reads `Bearer <token>`; anything else is no token. */
export function bearerToken(header: string | undefined | null): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? "";
}
