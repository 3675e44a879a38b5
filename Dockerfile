# syntax=docker/dockerfile:1
# One image for the API, the worker and the migration step (compose.yaml picks the command).
# Every RUN and CMD below runs an npm script that CI runs or tests (.ci/run: `npm ci`, `npm run build`; the start
# scripts are what test/graceful-shutdown.e2e-spec.ts starts); apps/cli/container-files.spec.ts fails if one names a
# script package.json does not have. No container engine runs in CI: nothing else may be added here.

# --- build: all dependencies, compile TypeScript to dist/ ---
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
RUN npm run build

# --- production dependencies only ---
FROM node:20.19-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- runtime: the built output and production dependencies, as the unprivileged `node` user ---
FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 WORKER_METRICS_PORT=9464
# The commit the image was built from: docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) (GET /api/v1/version).
ARG GIT_COMMIT=
ENV GIT_COMMIT=${GIT_COMMIT}
WORKDIR /app
COPY --chown=root:root --from=deps /app/node_modules ./node_modules
COPY --chown=root:root --from=build /app/dist ./dist
COPY --chown=root:root package.json ./
USER node
EXPOSE 3000 9464
# Liveness only (the process answers); readiness is /api/v1/health/ready for the load balancer.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["npm", "run", "--silent", "healthcheck", "--", "api"]
CMD ["npm", "run", "start:api"]
