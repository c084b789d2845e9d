package io.p2law.fitting;

/** A law constant: its name, unit and meaning, for the catalog. */
public record ParameterInfo(String name, String unit, String meaning) {
}
