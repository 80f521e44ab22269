package dev.parley.server.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For store tests: a real database file in a fresh folder, opened before each test and closed after it. */
public abstract class SqliteTestDatabase {
    @TempDir
    protected Path dir;

    protected SqliteDatabase db;

    @BeforeEach
    protected void openDatabase() {
        db = SqliteDatabase.open(dir.resolve("test.db"), "FULL");
    }

    @AfterEach
    protected void closeDatabase() {
        db.close();
    }

    /** Commits, closes and opens the same file again, as a restarted server would. */
    protected void reopen() {
        db.commit();
        db.close();
        db = SqliteDatabase.open(dir.resolve("test.db"), "FULL");
    }
}
