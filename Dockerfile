# NewsGraph API image. It talks to an existing Neo4j (NEO4J_URI, e.g. the `neo4j` service in
# docker-compose.yml) and never provisions one, so it carries no Java and no Maven.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so that editing src/ does not reinstall them. --ignore-scripts skips
# `prepare` (a build, which needs src/ and is done explicitly below).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# Production: `serve` refuses to start with writes open to anyone, so run it with NEWSGRAPH_API_KEYS,
# or with NEWSGRAPH_READ_ONLY=true (docker-compose.yml's default). Logs are JSON lines on stderr.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# Owned by root and read-only for the `node` user that runs the service.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Applied at start-up: migrations, and the seed when the database is empty.
COPY cypher ./cypher
COPY schema ./schema
USER node
EXPOSE 4000
# Ready means Neo4j answers too (503 otherwise); Node 20 has fetch built in, the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/cli/newsgraph.js", "serve"]
