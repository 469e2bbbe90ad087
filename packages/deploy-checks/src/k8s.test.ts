import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { K8S_DIR, k8sFiles, knownEnvNames, readDockerStages, readYamlDocuments } from "./deploy-files";
import { REPO_ROOT } from "./paths";
import {
  configMapSchema,
  deploymentSchema,
  hpaSchema,
  jobSchema,
  k8sObjectSchema,
  kustomizationSchema,
  pdbSchema,
  secretSchema,
  serviceSchema,
} from "./schemas";
import { schemaErrors } from "./validate";

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  resources?: string[];
}

const manifestFiles = k8sFiles().filter((file) => file !== "kustomization.yaml");
const objects = manifestFiles.flatMap((file) =>
  (readYamlDocuments(`${K8S_DIR}/${file}`) as K8sObject[]).map((object) => ({ file, object })),
);
const [kustomization] = readYamlDocuments(`${K8S_DIR}/kustomization.yaml`) as [K8sObject];
const ofKind = (kind: string) => objects.filter(({ object }) => object.kind === kind).map((o) => o.object);
const deployments = ofKind("Deployment");
const configMap = ofKind("ConfigMap")[0];

const kindSchemas: Record<string, object> = {
  Deployment: deploymentSchema,
  Job: jobSchema,
  Service: serviceSchema,
  HorizontalPodAutoscaler: hpaSchema,
  PodDisruptionBudget: pdbSchema,
  ConfigMap: configMapSchema,
  Secret: secretSchema,
};

/** Which env var holds the port an app serves /health and /ready on. */
const healthPortVar: Record<string, string> = {
  "chat-api": "API_PORT",
  "chat-realtime": "REALTIME_HTTP_PORT",
  "chat-worker": "WORKER_HTTP_PORT",
};

const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe("Kubernetes manifests (deploy/k8s)", () => {
  it("every object has apiVersion, kind and metadata, and lives in the chat-svc namespace", () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const { file, object } of objects) {
      expect(schemaErrors(k8sObjectSchema, object, file)).toEqual([]);
      if (object.kind !== "Namespace") expect(object.metadata.namespace, file).toBe("chat-svc");
    }
  });

  it("every object of a kind we use matches that kind's schema (probes, resources, non-root, grace period)", () => {
    for (const { file, object } of objects) {
      const schema = kindSchemas[object.kind];
      if (schema) expect(schemaErrors(schema, object, `${file} ${object.kind}`)).toEqual([]);
    }
  });

  it("has Deployments for api, realtime and worker, HPAs for api and realtime, PDBs, a migration Job", () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
      "chat-api",
      "chat-realtime",
      "chat-worker",
    ]);
    const hpaTargets = ofKind("HorizontalPodAutoscaler").map((h) => h.spec.scaleTargetRef.name);
    expect(hpaTargets.sort()).toEqual(["chat-api", "chat-realtime"]);
    expect(ofKind("PodDisruptionBudget").length).toBeGreaterThanOrEqual(2);
    expect(ofKind("Job").map((j) => j.metadata.name)).toEqual(["chat-migrate"]);
    expect(ofKind("Namespace").map((n) => n.metadata.name)).toEqual(["chat-svc"]);
  });

  it("probes hit /health (liveness) and /ready (readiness) on the port the app serves them on", () => {
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      const portVar = healthPortVar[deployment.metadata.name] ?? "";
      const configuredPort = Number(configMap?.data?.[portVar]);
      expect(configuredPort, portVar).toBeGreaterThan(0);
      const portByName = new Map<string, number>(
        container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]),
      );
      for (const [probe, path] of [
        ["livenessProbe", "/health"],
        ["readinessProbe", "/ready"],
        ["startupProbe", "/health"],
      ] as const) {
        const httpGet = container[probe]?.httpGet;
        if (!httpGet) continue;
        expect(httpGet.path, `${deployment.metadata.name} ${probe}`).toBe(path);
        const port = typeof httpGet.port === "number" ? httpGet.port : portByName.get(httpGet.port);
        expect(port, `${deployment.metadata.name} ${probe} port`).toBe(configuredPort);
      }
      const scrapePort = Number(deployment.spec.template.metadata.annotations?.["prometheus.io/port"]);
      expect(scrapePort, `${deployment.metadata.name} metrics port`).toBe(configuredPort);
    }
  });

  it("lets the app finish its shutdown before SIGKILL: grace period > preStop sleep + SHUTDOWN_TIMEOUT_MS", () => {
    const shutdownMs = Number(configMap?.data?.SHUTDOWN_TIMEOUT_MS);
    expect(shutdownMs).toBeGreaterThan(0);
    for (const deployment of deployments) {
      const podSpec = deployment.spec.template.spec;
      const preStop: string[] = podSpec.containers[0].lifecycle.preStop.exec.command;
      expect(preStop[0]).toBe("sleep");
      const preStopMs = Number(preStop[1]) * 1000;
      expect(podSpec.terminationGracePeriodSeconds * 1000, deployment.metadata.name).toBeGreaterThan(
        preStopMs + shutdownMs,
      );
    }
  });

  it("uses images built from Dockerfile targets (chat-svc-<target>)", () => {
    const targets = new Set(readDockerStages().map((stage) => stage.name));
    const containers = [...deployments, ...ofKind("Job")].flatMap((o) => o.spec.template.spec.containers);
    for (const container of containers) {
      const target = /^chat-svc-([a-z]+):/.exec(container.image)?.[1];
      expect(targets, container.image).toContain(target);
    }
    const kustomized = (kustomization as { images?: { name: string }[] }).images?.map((i) => i.name) ?? [];
    for (const container of containers) expect(kustomized).toContain(container.image.split(":")[0]);
  });

  it("Services, HPAs and PDBs point at Deployments and container ports that exist", () => {
    for (const service of ofKind("Service")) {
      const deployment = deployments.find((d) =>
        matches(service.spec.selector, d.spec.template.metadata.labels),
      );
      expect(deployment, service.metadata.name).toBeDefined();
      const portNames = deployment?.spec.template.spec.containers[0].ports.map(
        (p: { name: string }) => p.name,
      );
      for (const port of service.spec.ports)
        expect(portNames, service.metadata.name).toContain(port.targetPort);
    }
    for (const pdb of ofKind("PodDisruptionBudget")) {
      const selector = pdb.spec.selector.matchLabels;
      expect(
        deployments.some((d) => matches(selector, d.spec.template.metadata.labels)),
        pdb.metadata.name,
      ).toBe(true);
    }
    for (const hpa of ofKind("HorizontalPodAutoscaler")) {
      expect(deployments.map((d) => d.metadata.name)).toContain(hpa.spec.scaleTargetRef.name);
    }
    for (const deployment of deployments) {
      expect(matches(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels)).toBe(
        true,
      );
    }
  });

  it("names only environment variables the apps read", () => {
    const known = knownEnvNames();
    const names = [
      ...Object.keys(configMap?.data ?? {}),
      ...ofKind("Secret").flatMap((s) => Object.keys(s.stringData ?? {})),
      ...[...deployments, ...ofKind("Job")].flatMap((o) =>
        o.spec.template.spec.containers.flatMap((c: { env?: { name: string }[] }) =>
          (c.env ?? []).map((e) => e.name),
        ),
      ),
    ];
    for (const name of names) expect(known, name).toContain(name);
  });

  it("kustomization.yaml lists every manifest file", () => {
    expect(schemaErrors(kustomizationSchema, kustomization, "kustomization")).toEqual([]);
    expect([...(kustomization.resources ?? [])].sort()).toEqual(manifestFiles);
  });

  const hasKubectl = spawnSync("kubectl", ["version", "--client"]).status === 0;
  it.skipIf(!hasKubectl)("renders with `kubectl kustomize` (when kubectl is installed)", () => {
    const rendered = execFileSync("kubectl", ["kustomize", K8S_DIR], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(rendered.match(/^kind: /gm)?.length).toBe(objects.length);
  });
});
