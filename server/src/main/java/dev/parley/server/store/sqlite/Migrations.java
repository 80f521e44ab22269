package dev.parley.server.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbered SQL files {@code migrations/V1.sql}, {@code V2.sql}, … beside this class, applied in order,
 * each in its own transaction; {@code PRAGMA user_version} holds the last one applied.
 */
final class Migrations {
    private Migrations() {
    }

    static void apply(Connection connection) throws SQLException {
        int current = userVersion(connection);
        int latest = latestAvailable();
        if (current > latest) {
            throw new SQLException("the database has schema " + current + " from a newer Parley server; this build knows up to " + latest);
        }
        for (int version = current + 1; version <= latest; version++) {
            String script = read(version);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(script)) {
                    statement.execute(sql);
                }
                statement.execute("PRAGMA user_version=" + version);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw new SQLException("migration V" + version + " failed: " + e.getMessage(), e);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    static int latestAvailable() {
        int version = 0;
        while (Migrations.class.getResource(resource(version + 1)) != null) {
            version++;
        }
        return version;
    }

    private static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static String resource(int version) {
        return "migrations/V" + version + ".sql";
    }

    private static String read(int version) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream(resource(version))) {
            if (in == null) {
                throw new SQLException("migration V" + version + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read migration V" + version, e);
        }
    }

    /** Splits a script at semicolons that end a line; lines starting with {@code --} are comments. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                result.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }
}
