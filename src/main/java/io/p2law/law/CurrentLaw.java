package io.p2law.law;

import io.p2law.fitting.FittedLaw;

/** A stored fit with its law ready to predict. */
record CurrentLaw(StoredFit fit, FittedLaw law) {
}
