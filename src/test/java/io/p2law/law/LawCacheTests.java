package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.p2law.family.FamilyVersion;
import io.p2law.fitting.FitOptions;

class LawCacheTests {

    private static CurrentLaw lawAt(long dataVersion) {
        ObservedRanges.Range range = new ObservedRanges.Range(1, 2);
        StoredFit fit = new StoredFit(dataVersion, "f", "p2", FitOptions.DEFAULT, dataVersion, Instant.EPOCH, 1,
                List.of(), 0, 1, 0, 0, 1, 1, 1, 1, true, List.of(), new double[0][],
                new ObservedRanges(range, range, range), null, null, dataVersion, null);
        return new CurrentLaw(fit, null);
    }

    private static LawCache.Key key(long familyId) {
        return LawCache.Key.of(new FamilyVersion(familyId, 1), FitSpec.defaults("p2"));
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        LawCache cache = new LawCache(2);
        cache.put(key(1), lawAt(1));
        cache.put(key(2), lawAt(1));
        cache.get(key(1));
        cache.put(key(3), lawAt(1));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(key(1))).isNotNull();
        assertThat(cache.get(key(2))).isNull();
        assertThat(cache.get(key(3))).isNotNull();
    }

    @Test
    void theLastLawPutIsTheOneKept() {
        LawCache cache = new LawCache(4);
        cache.put(key(1), lawAt(5));
        cache.put(key(1), lawAt(1));

        assertThat(cache.get(key(1)).fit().dataVersion()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void optionsAreAPartOfTheKey() {
        LawCache cache = new LawCache(4);
        cache.put(key(1), lawAt(1));

        FitSpec otherSeed = new FitSpec("p2", new FitOptions(1e-3, 8, 0, 200, 7L));
        assertThat(cache.get(LawCache.Key.of(new FamilyVersion(1, 1), otherSeed))).isNull();
    }
}
