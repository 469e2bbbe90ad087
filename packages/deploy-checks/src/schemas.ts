/**
 * JSON schemas for the fields of the deployment files that matter to us. They are not the full upstream
 * schemas (those cannot be fetched here); they pin what the services rely on.
 */
const stringMap = { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } };
const nonEmpty = { type: "string", minLength: 1 };

const healthcheck = {
  type: "object",
  required: ["test", "interval", "timeout", "retries"],
  properties: {
    test: {
      type: "array",
      minItems: 2,
      items: { type: "string" },
      prefixItems: [{ enum: ["CMD", "CMD-SHELL"] }],
    },
    interval: { type: "string", pattern: "^[0-9]+s$" },
    timeout: { type: "string", pattern: "^[0-9]+s$" },
    retries: { type: "integer", minimum: 1 },
    start_period: { type: "string", pattern: "^[0-9]+s$" },
  },
};

export const composeSchema = {
  type: "object",
  required: ["services"],
  properties: {
    name: nonEmpty,
    volumes: { type: "object" },
    services: {
      type: "object",
      minProperties: 1,
      additionalProperties: {
        type: "object",
        anyOf: [{ required: ["image"] }, { required: ["build"] }],
        properties: {
          image: nonEmpty,
          build: {
            type: "object",
            required: ["context", "target"],
            properties: { context: nonEmpty, target: nonEmpty },
          },
          environment: stringMap,
          healthcheck,
          ports: { type: "array", items: { type: "string", pattern: "^[0-9]+(-[0-9]+)?:[0-9]+$" } },
          depends_on: {
            type: "object",
            additionalProperties: {
              type: "object",
              required: ["condition"],
              properties: {
                condition: { enum: ["service_started", "service_healthy", "service_completed_successfully"] },
              },
            },
          },
          deploy: {
            type: "object",
            properties: { replicas: { type: "integer", minimum: 1 } },
          },
          restart: { enum: ["no", "always", "on-failure", "unless-stopped"] },
          stop_grace_period: { type: "string", pattern: "^[0-9]+s$" },
        },
      },
    },
  },
} as const;

const metadata = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
    namespace: nonEmpty,
    labels: stringMap,
    annotations: stringMap,
  },
};

export const k8sObjectSchema = {
  type: "object",
  required: ["apiVersion", "kind", "metadata"],
  properties: { apiVersion: nonEmpty, kind: nonEmpty, metadata },
} as const;

const httpProbe = {
  type: "object",
  required: ["httpGet"],
  properties: {
    httpGet: {
      type: "object",
      required: ["path", "port"],
      properties: { path: { type: "string", pattern: "^/" }, port: { type: ["string", "integer"] } },
    },
    periodSeconds: { type: "integer", minimum: 1 },
    failureThreshold: { type: "integer", minimum: 1 },
  },
};

const quantity = { type: ["string", "number"] };
const resources = {
  type: "object",
  required: ["requests", "limits"],
  properties: {
    requests: {
      type: "object",
      required: ["cpu", "memory"],
      properties: { cpu: quantity, memory: quantity },
    },
    limits: { type: "object", required: ["memory"], properties: { cpu: quantity, memory: quantity } },
  },
};

const containerSecurity = {
  type: "object",
  required: ["allowPrivilegeEscalation", "capabilities"],
  properties: {
    allowPrivilegeEscalation: { const: false },
    readOnlyRootFilesystem: { const: true },
    capabilities: {
      type: "object",
      required: ["drop"],
      properties: { drop: { contains: { const: "ALL" } } },
    },
  },
};

const podSecurity = {
  type: "object",
  required: ["runAsNonRoot", "runAsUser"],
  properties: { runAsNonRoot: { const: true }, runAsUser: { type: "integer", minimum: 1 } },
};

const envEntry = { type: "object", required: ["name"], properties: { name: { type: "string" } } };

const container = {
  type: "object",
  required: ["name", "image", "resources", "securityContext"],
  properties: {
    name: nonEmpty,
    image: nonEmpty,
    resources,
    securityContext: containerSecurity,
    env: { type: "array", items: envEntry },
    ports: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "containerPort"],
        properties: { name: nonEmpty, containerPort: { type: "integer" } },
      },
    },
  },
};

const appContainer = {
  ...container,
  required: [...container.required, "ports", "livenessProbe", "readinessProbe", "lifecycle"],
  properties: {
    ...container.properties,
    livenessProbe: httpProbe,
    readinessProbe: httpProbe,
    startupProbe: httpProbe,
    lifecycle: {
      type: "object",
      required: ["preStop"],
      properties: { preStop: { type: "object", required: ["exec"] } },
    },
  },
};

const labelSelector = {
  type: "object",
  required: ["matchLabels"],
  properties: { matchLabels: { ...stringMap, minProperties: 1 } },
};

export const deploymentSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    apiVersion: { const: "apps/v1" },
    spec: {
      type: "object",
      required: ["replicas", "selector", "template"],
      properties: {
        replicas: { type: "integer", minimum: 1 },
        selector: labelSelector,
        template: {
          type: "object",
          required: ["metadata", "spec"],
          properties: {
            metadata: { type: "object", required: ["labels"], properties: { labels: stringMap } },
            spec: {
              type: "object",
              required: ["containers", "securityContext", "terminationGracePeriodSeconds"],
              properties: {
                terminationGracePeriodSeconds: { type: "integer", minimum: 1 },
                securityContext: podSecurity,
                containers: { type: "array", minItems: 1, items: appContainer },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const jobSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    apiVersion: { const: "batch/v1" },
    spec: {
      type: "object",
      required: ["template", "backoffLimit"],
      properties: {
        template: {
          type: "object",
          required: ["spec"],
          properties: {
            spec: {
              type: "object",
              required: ["containers", "restartPolicy", "securityContext"],
              properties: {
                restartPolicy: { enum: ["OnFailure", "Never"] },
                securityContext: podSecurity,
                containers: { type: "array", minItems: 1, items: container },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const serviceSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    apiVersion: { const: "v1" },
    spec: {
      type: "object",
      required: ["selector", "ports"],
      properties: {
        selector: { ...stringMap, minProperties: 1 },
        ports: {
          type: "array",
          minItems: 1,
          items: {
            type: "object",
            required: ["name", "port", "targetPort"],
            properties: { port: { type: "integer" }, targetPort: { type: ["string", "integer"] } },
          },
        },
      },
    },
  },
} as const;

export const hpaSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    apiVersion: { const: "autoscaling/v2" },
    spec: {
      type: "object",
      required: ["scaleTargetRef", "minReplicas", "maxReplicas", "metrics"],
      properties: {
        scaleTargetRef: {
          type: "object",
          required: ["apiVersion", "kind", "name"],
          properties: { kind: { const: "Deployment" } },
        },
        minReplicas: { type: "integer", minimum: 1 },
        maxReplicas: { type: "integer", minimum: 2 },
        metrics: { type: "array", minItems: 1 },
      },
    },
  },
} as const;

export const pdbSchema = {
  type: "object",
  required: ["spec"],
  properties: {
    apiVersion: { const: "policy/v1" },
    spec: {
      type: "object",
      required: ["selector"],
      oneOf: [{ required: ["minAvailable"] }, { required: ["maxUnavailable"] }],
      properties: { selector: labelSelector },
    },
  },
} as const;

export const configMapSchema = {
  type: "object",
  required: ["data"],
  properties: {
    apiVersion: { const: "v1" },
    data: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

export const secretSchema = {
  type: "object",
  required: ["stringData"],
  properties: {
    apiVersion: { const: "v1" },
    stringData: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;

export const kustomizationSchema = {
  type: "object",
  required: ["apiVersion", "kind", "resources"],
  properties: {
    kind: { const: "Kustomization" },
    resources: { type: "array", items: { type: "string" } },
    images: { type: "array", items: { type: "object", required: ["name"] } },
  },
} as const;
