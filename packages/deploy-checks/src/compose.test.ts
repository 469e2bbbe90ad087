import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { knownEnvNames, readDockerStages, readYamlDocuments } from "./deploy-files";
import { REPO_ROOT } from "./paths";
import { composeSchema } from "./schemas";
import { schemaErrors } from "./validate";

interface ComposeService {
  image?: string;
  build?: { context: string; target: string };
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  restart?: string;
}

const [compose] = readYamlDocuments("docker-compose.yml") as [{ services: Record<string, ComposeService> }];
const services = compose.services;
const appServices = Object.entries(services).filter(([, service]) => service.build);

/** The HTTP port each app serves /health, /ready and /metrics on, by the env var that sets it. */
const healthPortVar: Record<string, string> = {
  api: "API_PORT",
  realtime: "REALTIME_HTTP_PORT",
  worker: "WORKER_HTTP_PORT",
};

function composeCli(): string[] | null {
  if (spawnSync("docker", ["compose", "version"]).status === 0) return ["docker", "compose"];
  if (spawnSync("docker-compose", ["version"]).status === 0) return ["docker-compose"];
  return null;
}

describe("docker-compose.yml", () => {
  it("matches the schema of the fields the stack relies on", () => {
    expect(schemaErrors(composeSchema, compose, "compose")).toEqual([]);
  });

  it("runs PostgreSQL 17, Redis 7, RabbitMQ 3.13, a migration step, api, two realtime replicas and a worker", () => {
    expect(services.postgres?.image).toBe("postgres:17");
    expect(services.redis?.image).toBe("redis:7");
    expect(services.rabbitmq?.image).toBe("rabbitmq:3.13-management");
    expect(appServices.map(([name]) => name).sort()).toEqual(["api", "migrate", "realtime", "worker"]);
    expect(services.realtime?.deploy?.replicas).toBe(2);
  });

  it("builds every app service from a target that exists in the Dockerfile", () => {
    const targets = new Set(readDockerStages().map((stage) => stage.name));
    for (const [name, service] of appServices) {
      expect(targets, name).toContain(service.build?.target);
      expect(service.build?.context).toBe(".");
    }
  });

  it("only depends on services that exist, waiting for health or for the migration to succeed", () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect(target, `${name} → ${dependency}`).toBeDefined();
        if (condition === "service_healthy") expect(target?.healthcheck, dependency).toBeDefined();
        if (condition === "service_completed_successfully") expect(target?.restart, dependency).toBe("no");
      }
    }
    for (const app of ["api", "realtime", "worker"]) {
      expect(services[app]?.depends_on?.migrate?.condition).toBe("service_completed_successfully");
    }
    expect(services.migrate?.depends_on?.postgres?.condition).toBe("service_healthy");
  });

  it("gives every long-running service a health check, and the apps probe /ready on their own HTTP port", () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === "migrate") continue;
      expect(service.healthcheck, name).toBeDefined();
    }
    for (const [app, portVar] of Object.entries(healthPortVar)) {
      const service = services[app];
      const port = service?.environment?.[portVar];
      expect(port, `${app} sets ${portVar}`).toMatch(/^[0-9]+$/);
      expect(service?.healthcheck?.test.join(" ")).toContain(`127.0.0.1:${port}/ready`);
    }
  });

  it("sets only environment variables the apps read", () => {
    const known = knownEnvNames();
    for (const [name, service] of appServices) {
      for (const key of Object.keys(service.environment ?? {}))
        expect(known, `${name}: ${key}`).toContain(key);
    }
  });

  it("gives the app services every connection URL they need in distributed mode", () => {
    for (const app of ["api", "realtime", "worker"]) {
      const environment = services[app]?.environment ?? {};
      expect(environment.DATABASE_URL, app).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(environment.REDIS_URL, app).toBe("redis://redis:6379");
      expect(environment.JWT_SECRET?.length ?? 0, app).toBeGreaterThanOrEqual(32);
    }
    expect(services.worker?.environment?.RABBITMQ_URL).toMatch(/^amqp:\/\/.+@rabbitmq:5672$/);
  });

  const cli = composeCli();
  it.skipIf(!cli)("is accepted by `docker compose config` (when a compose CLI is installed)", () => {
    const [command = "docker", ...args] = cli ?? [];
    execFileSync(command, [...args, "-f", "docker-compose.yml", "config", "-q"], { cwd: REPO_ROOT });
  });
});
