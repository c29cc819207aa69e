# The Switchyard server with its admin UI. Build from the repository root: docker build -t switchyard .
# Two stages: `build` compiles (better-sqlite3's C++, the TypeScript, the admin UI) and makes the
# production directory with scripts/deploy-server.sh; the final stage holds only that directory —
# the built server and its production dependencies — and runs it as the unprivileged `node` user.

FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@12.4.2
WORKDIR /src
# The whole workspace (node_modules, data, artifacts and reports are in .dockerignore): pnpm installs it frozen.
COPY . .
# better-sqlite3 compiles against this image's Node headers.
ENV npm_config_nodedir=/usr/local
RUN pnpm install --frozen-lockfile && bash scripts/deploy-server.sh /out

FROM node:20-bookworm-slim AS server
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 DATABASE_FILE=/data/switchyard.db
WORKDIR /app
# Owned by root and read-only to the server: only /data is writable by it.
COPY --from=build /out /app
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 4000
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
