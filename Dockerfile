# syntax=docker/dockerfile:1
# The gateway's container image (docs/deploy.md). CI cannot build it (no Docker daemon there):
# test/deploy/container.test.ts checks what it can — the copied paths, the start command, and
# that production dependencies alone start dist/main.js.

# Pin by digest in your registry for reproducible builds (node:20-bookworm-slim@sha256:…).
ARG NODE_IMAGE=node:20-bookworm-slim

# Build: all dependencies, tsc, the playground examples copied into dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/
COPY src/ src/
RUN npm run build

# Run: production dependencies and dist/ only, as the unprivileged `node` user.
FROM ${NODE_IMAGE} AS run
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Slim images have no curl: node's own fetch asks /health (liveness: the process serves HTTP).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: it drains in-flight requests for SHUTDOWN_TIMEOUT_MS, then exits 0.
CMD ["node", "dist/main.js"]
