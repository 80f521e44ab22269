package dev.parley.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Regression test for what {@code it} {@code FullDiskTest} found: when a COMMIT fails with SQLITE_FULL
 * (or an I/O error), SQLite has already rolled the transaction back by itself. The driver's rollback
 * then fails and used to open no new transaction, so every later statement committed on its own and
 * a failed batch could be half written. After {@link SqliteDatabase#rollback()} the next batch must be
 * all-or-nothing again.
 */
class SqliteRollbackTest extends SqliteTestDatabase {
    @Test
    void afterSqliteRolledBackByItselfTheNextBatchIsStillAllOrNothing() throws Exception {
        db.accounts().create("before", "h", 1);
        db.statement("ROLLBACK").execute(); // what SQLite does by itself when COMMIT hits a full disk

        db.rollback();
        db.accounts().create("half-written", "h", 2);
        db.rollback();

        assertThat(db.accounts().find("before")).isEmpty();
        assertThat(db.accounts().find("half-written")).as("a rolled-back batch leaves nothing").isEmpty();
        db.accounts().create("after", "h", 3);
        db.commit();
        assertThat(db.accounts().find("after")).isPresent();
    }
}
