package io.p2law.law;

/** The family has no run of this id (it may belong to another family). */
class UnknownRunException extends RuntimeException {

    UnknownRunException(String family, String runId) {
        super("family '" + family + "' has no run '" + runId + "'");
    }
}
