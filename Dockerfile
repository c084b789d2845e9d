# syntax=docker/dockerfile:1

# Build: the Maven wrapper and the project's own pom, dependencies cached between builds.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY .mvn/ .mvn/
COPY mvnw pom.xml openapi.yaml ./
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -Dmaven.test.skip=true \
 && cp target/p2law-*.jar app.jar \
 && java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

# Run: a JRE, a non-root user, one image layer per jar layer (dependencies change least often).
FROM eclipse-temurin:17-jre
RUN groupadd --system p2law \
 && useradd --system --gid p2law --home-dir /app --shell /usr/sbin/nologin p2law \
 && mkdir -p /app/data \
 && chown p2law:p2law /app/data
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER p2law
# Only used when no SPRING_DATASOURCE_URL is given: the embedded PostgreSQL keeps its data (and the
# generated administrator key, admin.key) here. No VOLUME instruction: with an external database it
# would leave an unused anonymous volume behind at every run; mount one for the embedded database:
#   docker run -v p2law-data:/app/data -p 8080:8080 p2law
# ThreadPriorityPolicy=1 with priority 1 as nice 10: the fit threads (lowest Java priority) take
# the cores only when requests leave them free (BENCHMARKS.md, "Live families"); lowering a thread's
# priority needs no privilege.
ENV P2LAW_EMBEDDED_DATABASE_DIRECTORY=/app/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10"
# 8081: health, probes and metrics (management.server.port), on request threads of their own.
EXPOSE 8080 8081
# Liveness, not readiness: while the database is unreachable the service is alive (it answers 503
# and cached predictions) and recovers by itself, so it must not be marked unhealthy and restarted.
# bash's /dev/tcp: the JRE image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# Exec form: java is PID 1 and receives SIGTERM, so the graceful shutdown runs.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
