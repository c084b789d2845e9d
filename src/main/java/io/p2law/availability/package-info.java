/**
 * The database's reachability as seen by a background probe: the {@code db} health component
 * (part of readiness, not of liveness) and {@link io.p2law.availability.DatabaseAvailability} for
 * features that can answer from memory while the database is away.
 */
package io.p2law.availability;
