# Switchboard server image. Configured by environment only (see README.md);
# migrations run automatically at start. Without DATABASE_URL it uses the
# embedded SQLite database in the /data volume.

# ---- build: compile TypeScript and the native better-sqlite3 module ----
FROM node:24-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# package.json approves install scripts with npm 11's `allowScripts` (better-sqlite3 must build)
RUN npm install -g npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: npm 11 writes lock files without other platforms' optional packages, which `npm ci` then refuses
RUN npm install --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY src ./src
COPY admin ./admin
COPY migrations ./migrations
COPY web ./web
COPY scripts ./scripts
RUN npm run build && npm run build:web && npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/web/dist ./web/dist
# the embedded database, uploads and the admin panel's component bundle live here
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
