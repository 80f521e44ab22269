package dev.parley.client.files;

import java.util.Locale;

/** Sizes and rates as people read them: decimal units, one decimal place ("2.1 MB", "812 bytes", "5.3 MB/s"). */
public final class FileSizes {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    private FileSizes() {
    }

    public static String describe(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    public static String rate(double bytesPerSecond) {
        if (!(bytesPerSecond > 0) || Double.isInfinite(bytesPerSecond)) {
            return "–";
        }
        if (bytesPerSecond < 1000) {
            return String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
        }
        return describe((long) bytesPerSecond) + "/s";
    }

    /** "0:07", "12:03", "1:02:03". */
    public static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds) || seconds > 99 * 3600) {
            return "–:––";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long r = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r) : String.format(Locale.ROOT, "%d:%02d", m, r);
    }
}
