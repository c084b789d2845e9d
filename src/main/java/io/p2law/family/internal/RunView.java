package io.p2law.family.internal;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A run with its checkpoints (sorted by tokens), as shown by the API: the summary's fields plus the curve. */
public record RunView(@JsonUnwrapped RunSummary run, List<Checkpoint> checkpoints) {
}
