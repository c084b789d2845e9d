package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.p2law.fitting.FitOptions;

class LawCacheTests {

    private static CurrentLaw lawAt(long dataVersion) {
        ObservedRanges.Range range = new ObservedRanges.Range(1, 2);
        StoredFit fit = new StoredFit(dataVersion, "f", "p2", FitOptions.DEFAULT, dataVersion, Instant.EPOCH, 1,
                List.of(), 0, 1, 0, 0, 1, 1, 1, 1, true, List.of(), new double[0][],
                new ObservedRanges(range, range, range));
        return new CurrentLaw(fit, null);
    }

    private static LawCache.Key key(String family) {
        return LawCache.Key.of(family, FitSpec.defaults("p2"));
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        LawCache cache = new LawCache(2);
        cache.put(key("a"), lawAt(1));
        cache.put(key("b"), lawAt(1));
        cache.get(key("a"));
        cache.put(key("c"), lawAt(1));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(key("a"))).isNotNull();
        assertThat(cache.get(key("b"))).isNull();
        assertThat(cache.get(key("c"))).isNotNull();
    }

    @Test
    void theLastLawPutIsTheOneKept() {
        LawCache cache = new LawCache(4);
        cache.put(key("a"), lawAt(5));
        cache.put(key("a"), lawAt(1));

        assertThat(cache.get(key("a")).fit().dataVersion()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void optionsAreAPartOfTheKey() {
        LawCache cache = new LawCache(4);
        cache.put(key("a"), lawAt(1));

        FitSpec otherSeed = new FitSpec("p2", new FitOptions(1e-3, 8, 0, 200, 7L));
        assertThat(cache.get(LawCache.Key.of("a", otherSeed))).isNull();
    }
}
