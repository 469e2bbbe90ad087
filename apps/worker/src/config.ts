import { commonEnv, rabbitEnv, workerEnv } from "@chat/shared/env";
import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** What the worker's logic needs; connection URLs are in env.ts. */
export const WorkerConfig = z
  .object({ ...commonEnv, ...workerEnv })
  .extend(z.object(rabbitEnv).omit({ RABBITMQ_URL: true }).shape)
  .extend({
    /** Prefix of our queue names (`<prefix>.users` …, `<prefix>.dead-letter`); unique per test file. */
    AMQP_QUEUE_PREFIX: z.string().min(1).default("chat-svc"),
    AMQP_RETRY_BASE_MS: positiveInt(1000),
    AMQP_RETRY_MAX_MS: positiveInt(30_000),
    AMQP_PUBLISH_TIMEOUT_MS: positiveInt(10_000),
    /** Dedupe records must outlive any redelivery or dead-letter replay of the same event. */
    PROCESSED_EVENTS_RETENTION_DAYS: positiveInt(30),
    OUTBOX_RETENTION_DAYS: positiveInt(7),
  });
export type WorkerConfig = z.infer<typeof WorkerConfig>;
