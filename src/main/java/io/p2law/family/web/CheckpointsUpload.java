package io.p2law.family.web;

import java.util.List;

import io.p2law.family.internal.CheckpointInput;
/** JSON body of an append. */
record CheckpointsUpload(List<CheckpointInput> checkpoints) {
}
