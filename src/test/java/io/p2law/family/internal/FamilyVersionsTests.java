package io.p2law.family.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.p2law.family.FamilyVersion;
class FamilyVersionsTests {

    private final FamilyVersions versions = new FamilyVersions();
    private final AtomicLong stored = new AtomicLong(3);
    private final AtomicInteger reads = new AtomicInteger();
    private final Function<String, Optional<FamilyVersion>> database = slug -> {
        reads.incrementAndGet();
        return Optional.of(new FamilyVersion(7, stored.get()));
    };

    @Test
    void remembersNothingUntilListening() {
        versions.version("depth", database);
        versions.version("depth", database);

        assertThat(reads).hasValue(2);
        assertThat(versions.remembers("depth")).isFalse();
    }

    @Test
    void whileListeningAVersionReadOnceIsAnsweredFromMemory() {
        versions.forgetAll(true);

        versions.version("depth", database);
        stored.set(4);

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 3));
        assertThat(reads).hasValue(1);
    }

    @Test
    void anAnnouncedChangeIsReadAgain() {
        versions.forgetAll(true);
        versions.version("depth", database);

        stored.set(4);
        versions.changed("depth");

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 4));
        assertThat(reads).hasValue(2);
    }

    @Test
    void aChangeKnownOnlyByFamilyIdIsReadAgain() {
        versions.forgetAll(true);
        versions.version("depth", database);

        stored.set(4);
        versions.changed(7L);

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 4));
    }

    @Test
    void aReadThatAChangeOvertookIsNotRemembered() {
        versions.forgetAll(true);
        // The database answers the version before the change, whose announcement arrives before the
        // reader could remember it: remembering it would hide the change until the next one.
        Function<String, Optional<FamilyVersion>> overtaken = slug -> {
            Optional<FamilyVersion> before = database.apply(slug);
            stored.set(4);
            versions.changed(slug);
            return before;
        };

        assertThat(versions.version("depth", overtaken)).hasValue(new FamilyVersion(7, 3));
        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 4));
        assertThat(reads).hasValue(2);
    }

    @Test
    void aChangeToAnotherFamilyDuringTheReadAlsoKeepsItFromBeingRemembered() {
        versions.forgetAll(true);
        Function<String, Optional<FamilyVersion>> overtaken = slug -> {
            versions.changed("width");
            return database.apply(slug);
        };

        versions.version("depth", overtaken);

        assertThat(versions.remembers("depth")).isFalse();
    }

    @Test
    void losingTheListenerForgetsEverythingAndStopsRemembering() {
        versions.forgetAll(true);
        versions.version("depth", database);

        versions.forgetAll(false);
        stored.set(4);

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 4));
        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 4));
        assertThat(reads).hasValue(3);
        assertThat(versions.trusted()).isFalse();
    }

    @Test
    void anUnknownFamilyIsNotRemembered() {
        versions.forgetAll(true);

        assertThat(versions.version("none", slug -> Optional.empty())).isEmpty();

        assertThat(versions.remembers("none")).isFalse();
    }
}
