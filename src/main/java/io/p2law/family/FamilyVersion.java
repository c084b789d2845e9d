package io.p2law.family;

/**
 * Which data a family holds now. The data version alone is not enough to tell: a family deleted and
 * uploaded again counts its versions anew, but it gets a new {@code familyId}, so the pair never
 * repeats.
 */
public record FamilyVersion(long familyId, long dataVersion) {
}
