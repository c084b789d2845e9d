package io.p2law.decision;

/** What to do with a run in flight. */
public enum Advice {
    CONTINUE("continue"),
    STOP_TARGET_REACHED("stop-target-reached"),
    STOP_UNREACHABLE("stop-unreachable"),
    STOP_DIMINISHING_RETURNS("stop-diminishing-returns");

    private final String label;

    Advice(String label) {
        this.label = label;
    }

    /** The name the API uses. */
    public String label() {
        return label;
    }
}
