package io.p2law.law;

import io.p2law.fitting.FittedLaw;

/** A stored fit with its law ready to predict. */
public record CurrentLaw(StoredFit fit, FittedLaw law) {
}
