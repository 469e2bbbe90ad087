import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  apiEnv,
  authEnv,
  commonEnv,
  databaseEnv,
  rabbitEnv,
  realtimeEnv,
  realtimeOpsPort,
  redisEnv,
} from "./fragments";
import { ConfigError, loadEnvOrExit, parseEnv } from "./parse";

const Env = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...authEnv,
  ...apiEnv,
  ...realtimeEnv,
});

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(Env, source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

const valid = {
  DATABASE_URL: "postgres://chat@db:5432/chat",
  REDIS_URL: "redis://redis:6379",
  RABBITMQ_URL: "amqp://guest:guest@mq:5672",
};

describe("parseEnv", () => {
  it("reads REDIS_CLUSTER_NODES as a host:port list, empty by default, and names a malformed one", () => {
    expect(parseEnv(Env, valid).REDIS_CLUSTER_NODES).toEqual([]);
    const env = parseEnv(Env, { ...valid, REDIS_CLUSTER_NODES: "redis-0:6379, redis-1:6379" });
    expect(env.REDIS_CLUSTER_NODES).toEqual(["redis-0:6379", "redis-1:6379"]);
    expect(problemsOf({ ...valid, REDIS_CLUSTER_NODES: "redis://redis-0:6379" })).toEqual([
      "REDIS_CLUSTER_NODES: must be comma-separated host:port",
    ]);
  });

  it("applies every default to a minimal environment", () => {
    const env = parseEnv(Env, valid);
    expect(env).toMatchObject({
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      API_PORT: 8003,
      REALTIME_PORT: 8004,
      MIGRATE_ON_START: false,
      WS_ALLOWED_ORIGINS: [],
      AMQP_EXCHANGE_CHAT: "gametrade.chat",
      MESSAGE_MAX_CHARS: 4000,
    });
  });

  it("coerces numbers, booleans and lists, and treats blank values as unset", () => {
    const env = parseEnv(Env, {
      ...valid,
      API_PORT: "9000",
      MIGRATE_ON_START: "yes",
      WS_ALLOWED_ORIGINS: " https://a.test , https://b.test,",
      LOG_LEVEL: "",
    });
    expect(env).toMatchObject({
      API_PORT: 9000,
      MIGRATE_ON_START: true,
      WS_ALLOWED_ORIGINS: ["https://a.test", "https://b.test"],
      LOG_LEVEL: "info",
    });
  });

  it("names every bad or missing variable in one error, one line each, without echoing values", () => {
    const problems = problemsOf({
      REDIS_URL: "http://redis:6379",
      RABBITMQ_URL: "",
      API_PORT: "not-a-port",
      REALTIME_PORT: "70000",
      JWT_SECRET: "hunter2",
      MIGRATE_ON_START: "maybe",
      LOG_LEVEL: "loud",
    });
    const names = problems.map((problem) => problem.split(":")[0]);
    expect(names.sort()).toEqual(
      [
        "API_PORT",
        "DATABASE_URL",
        "JWT_SECRET",
        "LOG_LEVEL",
        "MIGRATE_ON_START",
        "RABBITMQ_URL",
        "REALTIME_PORT",
        "REDIS_URL",
      ].sort(),
    );
    expect(problems).toContain("DATABASE_URL: is required but not set");
    expect(problems).toContain("RABBITMQ_URL: is required but not set");
    expect(problems).toContain("REDIS_URL: must be a redis or rediss URL");
    expect(problems).toContain("JWT_SECRET: must be at least 32 characters");
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("the error message lists every problem under one heading", () => {
    const error = (() => {
      try {
        parseEnv(Env, { DATABASE_URL: "not-a-url" });
      } catch (caught) {
        return caught as ConfigError;
      }
    })();
    expect(error?.message).toMatch(
      /^Invalid configuration:\n {2}- DATABASE_URL: [^\n]+\n {2}- REDIS_URL: is required but not set\n {2}- RABBITMQ_URL: is required but not set$/,
    );
  });
});

describe("loadEnvOrExit", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes the message to stderr and exits 1 instead of throwing a stack trace", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => {
      throw new Error("exit called");
    }) as never);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);

    expect(() => loadEnvOrExit(Env, {})).toThrow("exit called");
    expect(exit).toHaveBeenCalledWith(1);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining("DATABASE_URL: is required but not set"));
  });

  it("returns the parsed environment when it is valid", () => {
    expect(loadEnvOrExit(Env, valid).DATABASE_URL).toBe(valid.DATABASE_URL);
  });
});

describe("the realtime ops port", () => {
  it("follows REALTIME_PORT unless REALTIME_HTTP_PORT is set, so a second node on one host moves one port", () => {
    const opsPort = (source: Record<string, string>) =>
      realtimeOpsPort(parseEnv(Env, { ...valid, ...source }));
    expect(opsPort({})).toBe(8005);
    expect(opsPort({ REALTIME_PORT: "9004" })).toBe(9005);
    expect(opsPort({ REALTIME_PORT: "9004", REALTIME_HTTP_PORT: "7000" })).toBe(7000);
    expect(opsPort({ REALTIME_PORT: "0" })).toBe(0);
  });
});
