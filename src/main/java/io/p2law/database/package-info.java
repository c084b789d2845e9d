/**
 * The embedded default database: with no {@code spring.datasource.url} the service runs its own
 * PostgreSQL (zonky's binaries from Maven Central) keeping its data in a local directory, so that a
 * machine with only a JDK runs the service and keeps its data across restarts.
 */
package io.p2law.database;
