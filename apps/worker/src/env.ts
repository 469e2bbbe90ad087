import { databaseEnv, loadEnvOrExit, rabbitEnv, redisEnv } from "@chat/shared/env";
import { WorkerConfig } from "./config";

/** Distributed mode: the config plus where PostgreSQL, Redis and RabbitMQ are. */
export const WorkerEnv = WorkerConfig.extend({
  ...databaseEnv,
  ...redisEnv,
  RABBITMQ_URL: rabbitEnv.RABBITMQ_URL,
});
export type WorkerEnv = typeof WorkerEnv._output;

export function loadWorkerEnv(): WorkerEnv {
  return loadEnvOrExit(WorkerEnv, process.env);
}
