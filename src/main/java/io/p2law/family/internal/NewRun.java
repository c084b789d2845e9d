package io.p2law.family.internal;

import io.p2law.family.RunSnapshot;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated run ready to store: the run as it will be stored ({@code paramsAfter} a whole number,
 * checkpoints sorted by tokens with distinct tokens) and its tags, an object (possibly empty) that
 * is the run's own: copied in and out.
 */
public record NewRun(RunSnapshot run, ObjectNode tags) {

    public NewRun {
        tags = tags.deepCopy();
    }

    @Override
    public ObjectNode tags() {
        return tags.deepCopy();
    }

    int checkpointCount() {
        return run.checkpointCount();
    }
}
