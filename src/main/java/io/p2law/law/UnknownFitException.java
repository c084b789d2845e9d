package io.p2law.law;

/** A fit id the family has no fit or fit job of. */
class UnknownFitException extends RuntimeException {

    UnknownFitException(String family, long id) {
        super("family '" + family + "' has no fit " + id);
    }
}
