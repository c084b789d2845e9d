package io.p2law.error;

import java.util.List;

/** The request did not arrive within a configured time (a body sent too slowly). */
public class TimedOutException extends RefusalException {

    public TimedOutException(String detail) {
        super(detail, List.of());
    }
}
