/** The baseline's whole configuration, read once, the way a small Express service would. */
export function readBaselineEnv() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  return {
    port: Number(process.env.PORT ?? 0),
    databaseUrl: need("DATABASE_URL"),
    redisUrl: need("REDIS_URL"),
    jwtSecret: need("JWT_SECRET"),
    poolMax: Number(process.env.DATABASE_POOL_MAX ?? 10),
    adapterKey: process.env.ADAPTER_KEY ?? "socket.io",
  };
}
