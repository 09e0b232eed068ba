# One image for the API and the workers (docker-compose.yml picks the command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY schemas ./schemas
COPY pipelines ./pipelines
COPY src ./src
COPY seeds ./seeds
USER node
EXPOSE 8080
CMD ["node", "bin/policy-kb.js", "serve"]
