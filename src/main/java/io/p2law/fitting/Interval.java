package io.p2law.fitting;

/** A closed interval, lower <= upper. */
public record Interval(double lower, double upper) {
}
