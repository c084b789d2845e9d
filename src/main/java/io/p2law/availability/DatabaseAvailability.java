package io.p2law.availability;

/**
 * Whether the database answered its last background probes. Lets a feature that can answer from
 * memory (a law already fitted) do so at once while the database is known to be unreachable,
 * instead of first waiting for a connection that will not come.
 */
public interface DatabaseAvailability {

    boolean reachable();
}
