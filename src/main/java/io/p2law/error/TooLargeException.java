package io.p2law.error;

import java.util.List;

/** The request carries more than a configured limit allows. */
public class TooLargeException extends RefusalException {

    public TooLargeException(String detail) {
        super(detail, List.of());
    }
}
