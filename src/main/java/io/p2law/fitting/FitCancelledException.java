package io.p2law.fitting;

/** The fit's listener asked it to stop; nothing it found is kept. */
public class FitCancelledException extends RuntimeException {

    public FitCancelledException() {
        super("the fit was cancelled");
    }
}
