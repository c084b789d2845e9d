package io.p2law.family.internal;

/** PUT body of a family: what a client says about the family itself. Any field may be null. */
public record FamilyDetails(String displayName, String description, String pruningMethod) {
}
