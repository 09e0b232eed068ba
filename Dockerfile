# One image for the API and the workers (docker-compose.yml picks the command).
# Build stage: install everything, compile TypeScript into dist/ (`npm ci` runs `prepare`), then
# drop the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY schemas ./schemas
COPY pipelines ./pipelines
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
# the web app's assets are served from src/web/assets; the statute reference set from reference/
COPY src/web/assets ./src/web/assets
COPY reference ./reference
COPY seeds ./seeds
USER node
EXPOSE 8080
CMD ["node", "bin/policy-kb.js", "serve"]
