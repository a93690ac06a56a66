# The logstack CLI image for DAG sync: `logstack dags sync` with the ETL packages at /app/packages.
# Build (from the repository root; see docs/dag-sync.md):
#   docker build -t registry.example.com/etl/logstack:0.1.0 .
#   docker build --build-arg PACKAGES=path/to/your/packages -t registry.example.com/etl/logstack:0.1.0 .
# It runs as Airflow's user (50000, group 0) so files on a shared DAG volume suit both, and needs
# no writable path but the DAG folder it is given (the chart mounts it; root FS read-only).
ARG NODE_IMAGE=node:20.19.5-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
RUN npm install --global --no-audit --no-fund pnpm@10.34.9
COPY . .
# Build every package (the CLI bundles the packages; tree-sitter and the Kubernetes client stay
# external, as its own dependencies), then keep production deps only.
RUN pnpm install --frozen-lockfile \
 && pnpm exec nx run-many -t build \
 && find . -name node_modules -type d -prune -exec rm -rf {} + \
 && pnpm install --frozen-lockfile --prod

FROM ${NODE_IMAGE}
ARG PACKAGES=examples/packages
ENV NODE_ENV=production ETL_PACKAGES_ROOT=/app/packages AIRFLOW_DAGS_DIR=/opt/airflow/dags
COPY --from=build /src /opt/logstack
COPY ${PACKAGES} /app/packages
RUN ln -s /opt/logstack/apps/cli/bin/logstack.js /usr/local/bin/logstack \
 && mkdir -p /opt/airflow/dags && chown 50000:0 /opt/airflow/dags
USER 50000:0
ENTRYPOINT ["logstack"]
CMD ["dags", "sync"]
