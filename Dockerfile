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
# Only used when no SPRING_DATASOURCE_URL is given: the embedded PostgreSQL keeps its data here.
ENV P2LAW_EMBEDDED_DATABASE_DIRECTORY=/app/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME /app/data
# 8081: health, probes and metrics (management.server.port), on request threads of their own.
EXPOSE 8080 8081
# Exec form: java is PID 1 and receives SIGTERM, so the graceful shutdown runs.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
