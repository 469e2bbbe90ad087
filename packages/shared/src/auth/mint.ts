import { SignJWT } from "jose";
import type { Role } from "../contracts/common";

export interface MintOptions {
  secret: string;
  userId: string;
  role?: Role;
  name?: string;
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
}

/** Development and test tokens, signed exactly as auth-svc signs HS256 ones. */
export async function mintToken(options: MintOptions): Promise<string> {
  const jwt = new SignJWT({ role: options.role ?? "user", ...(options.name ? { name: options.name } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(options.userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "12h");
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

/** The embedded default's secret: it signs development tokens only, never production ones. */
export const DEV_JWT_SECRET = "chat-svc-development-secret-do-not-use-in-production";
