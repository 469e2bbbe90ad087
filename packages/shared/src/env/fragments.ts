import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(["1", "0", "true", "false", "yes", "no"])
    .default(fallback ? "1" : "0")
    .transform((value) => ["1", "true", "yes"].includes(value));
const list = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );
const urlWith = (...protocols: string[]) =>
  z.url().refine((value) => protocols.some((protocol) => value.startsWith(`${protocol}://`)), {
    message: `must be a ${protocols.join(" or ")} URL`,
  });

export const commonEnv = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOST: z.string().min(1).default("0.0.0.0"),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  INSTANCE_ID: z.string().min(1).optional(),
};

export const databaseEnv = {
  DATABASE_URL: urlWith("postgres", "postgresql"),
  DATABASE_POOL_MAX: positiveInt(10),
  MIGRATE_ON_START: bool(false),
};

export const embeddedDatabaseEnv = {
  DATABASE_URL: urlWith("postgres", "postgresql").optional(),
  DATABASE_POOL_MAX: positiveInt(10),
  EMBEDDED_PG_DIR: z.string().min(1).optional(),
  EMBEDDED_PG_PORT: port(5488),
};

const hostPorts = list.refine((items) => items.every((item) => /^[^\s:]+:\d{1,5}$/.test(item)), {
  message: "must be comma-separated host:port",
});

/** REDIS_URL serves presence and rate limits; REDIS_CLUSTER_NODES, when set, moves the bus to Redis Cluster. */
export const redisEnv = { REDIS_URL: urlWith("redis", "rediss"), REDIS_CLUSTER_NODES: hostPorts };
export const rabbitEnv = {
  RABBITMQ_URL: urlWith("amqp", "amqps"),
  AMQP_EXCHANGE_USERS: z.string().min(1).default("gametrade.users"),
  AMQP_EXCHANGE_MARKETPLACE: z.string().min(1).default("gametrade.marketplace"),
  AMQP_EXCHANGE_CHAT: z.string().min(1).default("gametrade.chat"),
  AMQP_EXCHANGE_NOTIFICATIONS: z.string().min(1).default("gametrade.notifications"),
  AMQP_DELIVERY_LIMIT: positiveInt(5),
  AMQP_PREFETCH: positiveInt(32),
};

export const authEnv = {
  JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  AUTH_SERVICE_URL: urlWith("http", "https").optional(),
  AUTH_JWKS_URL: urlWith("http", "https").optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
};

/** Browser origins the api answers CORS for and the realtime node accepts sockets from (see origins.ts). */
export const originsEnv = { ALLOWED_ORIGINS: list };

export const apiEnv = {
  API_PORT: port(8003),
  BODY_LIMIT_BYTES: positiveInt(64 * 1024),
  MESSAGE_MAX_CHARS: positiveInt(4000),
  SEND_RATE_PER_SEC: positiveInt(5),
  SEND_BURST: positiveInt(30),
  /** Reads (every GET under /chats and /moderation) per user: far above what a client that pages and recovers by seq needs. */
  READ_RATE_PER_SEC: positiveInt(20),
  READ_BURST: positiveInt(100),
  /** A group's active members: each message fans out to every one of them. */
  GROUP_MAX_MEMBERS: positiveInt(1000),
};

export const realtimeEnv = {
  REALTIME_PORT: port(8004),
  /** Unset: REALTIME_PORT + 1 (see realtimeOpsPort), so a second node on one host needs one port set, not two. */
  REALTIME_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The older name of ALLOWED_ORIGINS; both lists are admitted. */
  WS_ALLOWED_ORIGINS: list,
  WS_MAX_PAYLOAD_BYTES: positiveInt(16 * 1024),
  WS_MAX_BACKPRESSURE_BYTES: positiveInt(1024 * 1024),
  WS_IDLE_TIMEOUT_SEC: positiveInt(60),
  WS_MAX_CHATS_PER_SOCKET: positiveInt(128),
  WS_MAX_CONNECTIONS_PER_USER: positiveInt(16),
  WS_FRAMES_PER_SEC: positiveInt(20),
  WS_REPLAY_LIMIT: positiveInt(500),
  /** Rooms with more users than this on a node get no user_joined/user_left: they cost N² frames to join. */
  WS_JOIN_LEAVE_MAX_USERS: positiveInt(200),
  TYPING_TTL_MS: positiveInt(6000),
  /** How often a chat re-reads its connected users' membership, so a lost member_removed frame cannot keep a socket in. */
  MEMBERSHIP_RECHECK_MS: positiveInt(30_000),
};

/** The realtime node's /health, /ready and /metrics port: REALTIME_HTTP_PORT, else the WebSocket port + 1. */
export function realtimeOpsPort(config: { REALTIME_PORT: number; REALTIME_HTTP_PORT?: number }): number {
  if (config.REALTIME_HTTP_PORT !== undefined) return config.REALTIME_HTTP_PORT;
  return config.REALTIME_PORT === 0 ? 0 : config.REALTIME_PORT + 1;
}

export const workerEnv = {
  WORKER_HTTP_PORT: port(8006),
  OUTBOX_BATCH_SIZE: positiveInt(100),
  OUTBOX_POLL_MS: positiveInt(200),
};

/** Auth needs one source of keys: a shared secret, or auth-svc's JWKS. */
export function requireAuthSource(env: {
  JWT_SECRET?: string;
  AUTH_SERVICE_URL?: string;
  AUTH_JWKS_URL?: string;
}) {
  return Boolean(env.JWT_SECRET || env.AUTH_SERVICE_URL || env.AUTH_JWKS_URL);
}
export const authSourceMessage = {
  message: "set JWT_SECRET, or AUTH_JWKS_URL / AUTH_SERVICE_URL for auth-svc's JWKS",
  path: ["JWT_SECRET"],
};
