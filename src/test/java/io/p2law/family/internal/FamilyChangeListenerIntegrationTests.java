package io.p2law.family.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.p2law.family.FamilyCatalog;
import io.p2law.family.FamilyVersion;
import io.p2law.family.RunSnapshot;
import io.p2law.fitting.PrunedModel;
import io.p2law.support.IntegrationTest;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Data versions kept in memory stay true: changes made behind this instance's back (as another
 * instance, or psql, would make them) arrive through PostgreSQL's notifications, this instance's own
 * changes are seen at once, and a lost listening connection falls back to the database.
 */
@IntegrationTest
class FamilyChangeListenerIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Autowired
    FamilyCatalog catalog;

    @Autowired
    FamilyService families;

    @Autowired
    FamilyVersions versions;

    @Autowired
    FamilyChangeListener listener;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aChangeCommittedElsewhereIsSeenOnceItsNotificationArrives() {
        awaitListening();
        String family = upload("elsewhere");
        // The upload's own notification may still be on its way and drop what is remembered.
        await(() -> version(family) == 1 && versions.remembers(family), "the version remembered");

        // What another instance's upload does to the family row, on a connection of the pool.
        jdbc.sql("update family set data_version = data_version + 1 where slug = ?").param(family).update();

        await(() -> version(family) == 2, "the notified change");
    }

    @Test
    void anAnnouncedChangeIsKnownWithoutReadingTheDatabase() {
        awaitListening();
        String family = upload("announced");
        await(() -> version(family) == 1 && versions.remembers(family), "the version remembered");
        long id = catalog.version(family).orElseThrow().familyId();

        jdbc.sql("update family set data_version = data_version + 5 where slug = ?").param(family).update();

        // Answered from the announcement alone: a read of the database would fail the test.
        await(() -> versions.version(family, slug -> {
            throw new AssertionError("the version was read from the database");
        }).orElseThrow().dataVersion() == 6, "the announced version");
        assertThat(catalog.version(family)).hasValue(new FamilyVersion(id, 6));
    }

    @Test
    void aFamilyDeletedAndCreatedElsewhereIsSeenWithItsNewIdentity() {
        awaitListening();
        String family = upload("recreated");
        long before = catalog.version(family).orElseThrow().familyId();

        jdbc.sql("delete from family where slug = ?").param(family).update();
        await(() -> catalog.version(family).isEmpty(), "the deletion");
        jdbc.sql("insert into family (slug, data_version) values (?, 1)").param(family).update();

        await(() -> catalog.version(family).map(FamilyVersion::familyId).filter(id -> id != before).isPresent(),
                "the new family");
    }

    @Test
    void thisInstancesOwnChangeIsSeenAtOnceWithoutWaitingForTheNotification() {
        String family = upload("own");
        // Trust what is remembered while no notification can arrive: only the writer's own
        // after-commit step can make the next read see the change.
        listener.stop();
        try {
            versions.forgetAll(true);
            assertThat(version(family)).isEqualTo(1);

            families.uploadRuns(family, List.of(run("second")));
            assertThat(version(family)).isEqualTo(2);

            families.deleteRun(family, "second");
            assertThat(version(family)).isEqualTo(3);

            families.deleteFamily(family);
            assertThat(catalog.version(family)).isEmpty();
        } finally {
            listener.start();
        }
    }

    @Test
    void aLostListeningConnectionFallsBackToTheDatabaseAndListensAgain() {
        awaitListening();
        String family = upload("reconnect");
        assertThat(version(family)).isEqualTo(1);

        int terminated = jdbc.sql("""
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                 where application_name = ? and datname = current_database()
                """).param(FamilyChangeListener.APPLICATION_NAME).query(Integer.class).single();
        assertThat(terminated).isPositive();
        // A change while nobody listens: missed as a notification, it must still be seen.
        jdbc.sql("update family set data_version = data_version + 1 where slug = ?").param(family).update();

        await(() -> version(family) == 2, "the change made while not listening");
        awaitListening();
        jdbc.sql("update family set data_version = data_version + 1 where slug = ?").param(family).update();
        await(() -> version(family) == 3, "the change made after listening again");
    }

    private long version(String family) {
        return catalog.version(family).orElseThrow().dataVersion();
    }

    private String upload(String prefix) {
        String family = prefix + "-" + System.nanoTime();
        families.uploadRuns(family, List.of(run("first")));
        return family;
    }

    private static NewRun run(String runId) {
        return new NewRun(new RunSnapshot(runId, "llama-3.2-3b", "depth",
                new PrunedModel(3_210_000_000L, 2_410_000_000L, 0.25, 2.12), new long[] {100_000_000, 200_000_000},
                new double[] {2.6, 2.5}), JsonNodeFactory.instance.objectNode());
    }

    private void awaitListening() {
        await(versions::trusted, "the listener");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
