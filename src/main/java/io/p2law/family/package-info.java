/**
 * Families, runs and checkpoints. This package is the module's API, what other modules may use:
 * {@link io.p2law.family.FamilyCatalog} and the snapshot and version records it answers with.
 * {@code internal} holds the service, validation, storage and data-version cache; {@code web} the
 * HTTP endpoints and upload formats.
 */
package io.p2law.family;
