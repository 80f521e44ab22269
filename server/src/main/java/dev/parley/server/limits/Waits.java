package dev.parley.server.limits;

/** Human wording for "try again in …". */
public final class Waits {
    private Waits() {
    }

    /** "0.2 seconds", "1 second", "5 seconds", "3 minutes". */
    public static String describe(long nanos) {
        double seconds = Math.max(nanos, 1) / 1e9;
        if (seconds < 1) {
            return String.format(java.util.Locale.ROOT, "%.1f seconds", Math.max(0.1, Math.ceil(seconds * 10) / 10));
        }
        long whole = (long) Math.ceil(seconds);
        if (whole < 120) {
            return whole + (whole == 1 ? " second" : " seconds");
        }
        long minutes = (whole + 59) / 60;
        return minutes + " minutes";
    }
}
