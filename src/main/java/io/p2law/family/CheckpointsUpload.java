package io.p2law.family;

import java.util.List;

/** JSON body of an append. */
record CheckpointsUpload(List<CheckpointInput> checkpoints) {
}
