/**
 * Families, runs and checkpoints: uploads, storage and the family data version.
 * {@link io.p2law.family.FamilyCatalog} is the read facade other modules use.
 */
package io.p2law.family;
