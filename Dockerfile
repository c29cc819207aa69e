# The Switchyard server with its admin UI. Build from the repository root: docker build -t switchyard .
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@12.4.2
WORKDIR /app
# The whole workspace (node_modules, data and reports are in .dockerignore): pnpm installs it frozen.
COPY . .
# better-sqlite3 compiles against this image's Node headers.
ENV npm_config_nodedir=/usr/local
RUN pnpm install --frozen-lockfile && pnpm --filter @switchyard/admin build
ENV HOST=0.0.0.0 PORT=4000 DATABASE_FILE=/data/switchyard.db NODE_ENV=production
VOLUME /data
EXPOSE 4000
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "apps/server/src/main.ts"]
