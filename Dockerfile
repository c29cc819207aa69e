# The Switchyard server. Build from the repository root: docker build -t switchyard .
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@12.4.2
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY packages ./packages
COPY apps ./apps
ENV npm_config_nodedir=/usr/local
RUN pnpm install --frozen-lockfile
ENV HOST=0.0.0.0 PORT=4000 DATABASE_FILE=/data/switchyard.db NODE_ENV=production
VOLUME /data
EXPOSE 4000
CMD ["node", "--import", "tsx", "apps/server/src/main.ts"]
