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
        versions.changed("depth", new FamilyVersion(7, 4));
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
    void anAnnouncedVersionIsAnsweredWithoutReadingTheDatabase() {
        versions.forgetAll(true);
        versions.version("depth", database);

        versions.changed("depth", new FamilyVersion(7, 4));
        versions.changed("depth", new FamilyVersion(7, 5));

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 5));
        assertThat(reads).hasValue(1);
    }

    @Test
    void anAnnouncementArrivingLateNeverBringsBackAnOlderVersion() {
        versions.forgetAll(true);
        // This instance's writer committed version 5 and told at once; the notification of
        // another writer's version 4 arrives after it.
        versions.changed("depth", new FamilyVersion(7, 5));
        versions.changed("depth", new FamilyVersion(7, 4));

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 5));
        assertThat(reads).hasValue(0);
    }

    @Test
    void aChangeKnownOnlyByFamilyIdMovesTheRememberedVersionOn() {
        versions.forgetAll(true);
        versions.version("depth", database);

        versions.changed(new FamilyVersion(7, 4));
        versions.changed(new FamilyVersion(8, 9));

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 4));
        assertThat(reads).hasValue(1);
    }

    @Test
    void aReadThatAnAnnouncementOvertookKeepsTheAnnouncedVersion() {
        versions.forgetAll(true);
        // The database answers the version before the change, whose announcement arrives before the
        // reader could remember it: the older read must not hide the change.
        Function<String, Optional<FamilyVersion>> overtaken = slug -> {
            Optional<FamilyVersion> before = database.apply(slug);
            stored.set(4);
            versions.changed(slug, new FamilyVersion(7, 4));
            return before;
        };

        assertThat(versions.version("depth", overtaken)).hasValue(new FamilyVersion(7, 3));
        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(7, 4));
        assertThat(reads).hasValue(1);
    }

    @Test
    void aReadThatADeletionOvertookIsNotRemembered() {
        versions.forgetAll(true);
        Function<String, Optional<FamilyVersion>> overtaken = slug -> {
            Optional<FamilyVersion> before = database.apply(slug);
            versions.deleted(slug, 7);
            return before;
        };

        versions.version("depth", overtaken);

        assertThat(versions.remembers("depth")).isFalse();
    }

    @Test
    void aDeletedFamilyIsForgottenAndALateCommitOfItDoesNotBringItBack() {
        versions.forgetAll(true);
        versions.version("depth", database);

        versions.deleted("depth", 7);
        versions.changed("depth", new FamilyVersion(7, 4));
        versions.changed(new FamilyVersion(7, 4));

        assertThat(versions.remembers("depth")).isFalse();
    }

    @Test
    void aFamilyCreatedAgainUnderTheSameSlugIsTheNewerOne() {
        versions.forgetAll(true);
        versions.changed("depth", new FamilyVersion(7, 40));

        versions.deleted("depth", 7);
        versions.changed("depth", new FamilyVersion(9, 1));
        versions.changed("depth", new FamilyVersion(7, 41));

        assertThat(versions.version("depth", database)).hasValue(new FamilyVersion(9, 1));
        assertThat(reads).hasValue(0);
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
