package io.p2law.law;

/** A law was asked for a family that does not exist. */
class UnknownFamilyException extends RuntimeException {

    UnknownFamilyException(String family) {
        super("no family '" + family + "'");
    }
}
