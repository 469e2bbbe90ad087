/** What `pnpm start` admits when ALLOWED_ORIGINS is unset: any port on the loopback names, nothing else. */
export const DEV_ALLOWED_ORIGINS = ["http://localhost:*", "http://127.0.0.1:*"];

/** ALLOWED_ORIGINS plus the realtime node's older WS_ALLOWED_ORIGINS, which still works as a synonym. */
export function allowedOrigins(config: {
  ALLOWED_ORIGINS: string[];
  WS_ALLOWED_ORIGINS?: string[];
}): string[] {
  return [...config.ALLOWED_ORIGINS, ...(config.WS_ALLOWED_ORIGINS ?? [])];
}

/**
 * Whether a browser Origin is listed: `*` admits every origin, `scheme://host:*` admits that host on any port
 * (and on the scheme's default port, where browsers omit it), anything else must match exactly.
 */
export function isOriginListed(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => {
    if (pattern === "*" || pattern === origin) return true;
    if (!pattern.endsWith(":*")) return false;
    const host = pattern.slice(0, -2);
    if (origin === host) return true;
    return origin.startsWith(`${host}:`) && /^\d{1,5}$/.test(origin.slice(host.length + 1));
  });
}
