import { fileURLToPath } from "node:url";

/** The checked files (Dockerfile, docker-compose.yml, deploy/k8s) are read from the repository root. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
