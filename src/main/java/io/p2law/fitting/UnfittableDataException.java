package io.p2law.fitting;

/** The data cannot be fitted by the form; the message says why in words a user can act on. */
public class UnfittableDataException extends RuntimeException {

    public UnfittableDataException(String reason) {
        super(reason);
    }
}
