package io.p2law.fitting;

import java.util.List;

/**
 * Whether a fitted law describes its data well enough to act on: {@code GOOD}, {@code QUESTIONABLE}
 * (usable, with the reasons in mind) or {@code INADEQUATE} (the data do something the form cannot);
 * {@code reasons} say what was found, worst first, and are empty for a good law.
 */
public record Adequacy(Verdict verdict, List<String> reasons) {

    public enum Verdict {
        GOOD, QUESTIONABLE, INADEQUATE;

        /** The name in the API: {@code good}, {@code questionable}, {@code inadequate}. */
        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Verdict ofApiName(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Adequacy {
        reasons = List.copyOf(reasons);
    }
}
