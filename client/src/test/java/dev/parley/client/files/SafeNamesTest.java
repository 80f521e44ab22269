package dev.parley.client.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile file names become safe base names; finished files never replace existing ones. */
class SafeNamesTest {
    @TempDir
    Path dir;

    @Test
    void pathsAreCutToTheirLastComponent() {
        assertThat(SafeNames.sanitize("../../x")).isEqualTo("x");
        assertThat(SafeNames.sanitize("/etc/passwd")).isEqualTo("passwd");
        assertThat(SafeNames.sanitize("..\\..\\windows\\system32\\evil.dll")).isEqualTo("evil.dll");
        assertThat(SafeNames.sanitize("photos/")).isEqualTo("file");
        assertThat(SafeNames.sanitize("..")).isEqualTo("file");
        assertThat(SafeNames.sanitize(".")).isEqualTo("file");
        assertThat(SafeNames.sanitize("")).isEqualTo("file");
        assertThat(SafeNames.sanitize(null)).isEqualTo("file");
    }

    @Test
    void controlAndInvisibleCharactersBecomeUnderscores() {
        assertThat(SafeNames.sanitize("a\u0000b.txt")).isEqualTo("a_b.txt");
        assertThat(SafeNames.sanitize("line\nbreak\r.txt")).isEqualTo("line_break_.txt");
        assertThat(SafeNames.sanitize("tab\there")).isEqualTo("tab_here");
        assertThat(SafeNames.sanitize("photo\u202Egnp.exe")).isEqualTo("photo_gnp.exe");
        assertThat(SafeNames.sanitize("zero\u200Bwidth.txt")).isEqualTo("zero_width.txt");
        assertThat(SafeNames.sanitize("what?<>:\"|*.txt")).isEqualTo("what_______.txt");
        assertThat(SafeNames.sanitize("del\u007F.txt")).isEqualTo("del_.txt");
    }

    @Test
    void hiddenAndTrailingDotsAndBlanksGo() {
        assertThat(SafeNames.sanitize(".bashrc")).isEqualTo("bashrc");
        assertThat(SafeNames.sanitize("  notes.txt . ")).isEqualTo("notes.txt");
        assertThat(SafeNames.sanitize("...hidden...")).isEqualTo("hidden");
    }

    @Test
    void reservedDeviceNamesAreDefused() {
        for (String name : new String[] {"CON", "con", "Con.txt", "PRN", "aux.tar.gz", "NUL", "nul.", "COM1", "com9.log", "LPT1",
                "lpt9", "CONIN$"}) {
            String safe = SafeNames.sanitize(name);
            assertThat(safe).as(name).startsWith("_");
        }
        assertThat(SafeNames.sanitize("CONSOLE.txt")).isEqualTo("CONSOLE.txt");
        assertThat(SafeNames.sanitize("COM10")).isEqualTo("COM10");
        assertThat(SafeNames.sanitize("icon.png")).isEqualTo("icon.png");
    }

    @Test
    void longNamesAreShortenedKeepingTheExtension() {
        String safe = SafeNames.sanitize("a".repeat(300) + ".jpeg");
        assertThat(safe).endsWith(".jpeg").hasSize(SafeNames.MAX_BYTES);
        String multibyte = SafeNames.sanitize("ü".repeat(300) + ".txt");
        assertThat(multibyte.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeNames.MAX_BYTES);
        assertThat(multibyte).endsWith(".txt").startsWith("üü");
        String emoji = SafeNames.sanitize("🙂".repeat(100));
        assertThat(emoji.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeNames.MAX_BYTES);
        assertThat(emoji.codePoints().allMatch(cp -> cp == 0x1F642)).isTrue();
        assertThat(SafeNames.sanitize("x".repeat(250) + ".averyveryverylongextension"))
                .hasSize(SafeNames.MAX_BYTES).doesNotEndWith(".averyveryverylongextension");
    }

    @Property(tries = 2000)
    void anyNameBecomesOneSafeComponent(@ForAll @StringLength(max = 400) String raw) {
        String safe = SafeNames.sanitize(raw);
        assertThat(safe).isNotEmpty();
        assertThat(safe.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeNames.MAX_BYTES);
        assertThat(safe).doesNotContain("/", "\\", "\u0000", "\n", "\r").doesNotStartWith(".").doesNotEndWith(".");
        assertThat(safe.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.CONTROL
                || Character.getType(cp) == Character.FORMAT);
        Path folder = Path.of("/downloads");
        assertThat(folder.resolve(safe).normalize().getParent()).isEqualTo(folder);
        String stem = safe.contains(".") ? safe.substring(0, safe.indexOf('.')) : safe;
        assertThat(stem.strip().toUpperCase()).isNotIn("CON", "PRN", "AUX", "NUL", "COM1", "LPT1");
    }

    @Test
    void placingNeverOverwritesAndNumbersTheCopies() throws Exception {
        Path existing = Files.writeString(dir.resolve("photo.jpg"), "old");
        Path first = SafeNames.place(Files.writeString(dir.resolve(".p1"), "new 1"), dir, "photo.jpg");
        Path second = SafeNames.place(Files.writeString(dir.resolve(".p2"), "new 2"), dir, "photo.jpg");
        assertThat(Files.readString(existing)).isEqualTo("old");
        assertThat(first.getFileName().toString()).isEqualTo("photo (1).jpg");
        assertThat(second.getFileName().toString()).isEqualTo("photo (2).jpg");
        assertThat(Files.readString(first)).isEqualTo("new 1");
        assertThat(dir.resolve(".p1")).doesNotExist();
        Path noExtension = SafeNames.place(Files.writeString(dir.resolve(".p3"), "x"), dir, "README");
        assertThat(noExtension.getFileName().toString()).isEqualTo("README");
    }

    @Test
    void aSymbolicLinkInTheWayIsNeitherFollowedNorReplaced() throws Exception {
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        Path trap = Files.createSymbolicLink(downloads.resolve("notes.txt"), outside.resolve("target.txt"));
        Path placed = SafeNames.place(Files.writeString(downloads.resolve(".p"), "data"), downloads, "notes.txt");
        assertThat(placed.getFileName().toString()).isEqualTo("notes (1).txt");
        assertThat(outside.resolve("target.txt")).doesNotExist();
        assertThat(Files.isSymbolicLink(trap)).isTrue();
    }

    @Test
    void mediaTypesComeFromThePlatformOrTheExtensionAndClaimsAreChecked() throws Exception {
        assertThat(MediaTypes.detect(Files.writeString(dir.resolve("a.jpg"), "x"))).isEqualTo("image/jpeg");
        assertThat(MediaTypes.detect(Files.writeString(dir.resolve("b.HEIC"), "x"))).isEqualTo("image/heic");
        assertThat(MediaTypes.detect(Files.writeString(dir.resolve("c.unknownext"), "x"))).isEqualTo("application/octet-stream");
        assertThat(MediaTypes.byName("clip.mkv")).isEqualTo("video/x-matroska");
        assertThat(MediaTypes.untrusted("Image/PNG")).isEqualTo("image/png");
        assertThat(MediaTypes.untrusted("text/html\n\u001b[2J")).isEqualTo("application/octet-stream");
        assertThat(MediaTypes.untrusted("../../x")).isEqualTo("application/octet-stream");
    }

    @Test
    void sizesReadLikePeopleWriteThem() {
        assertThat(FileSizes.describe(0)).isEqualTo("0 bytes");
        assertThat(FileSizes.describe(1)).isEqualTo("1 byte");
        assertThat(FileSizes.describe(999)).isEqualTo("999 bytes");
        assertThat(FileSizes.describe(2_100_000)).isEqualTo("2.1 MB");
        assertThat(FileSizes.describe(999_999)).isEqualTo("1.0 MB");
        assertThat(FileSizes.describe(3L << 30)).isEqualTo("3.2 GB");
        assertThat(FileSizes.duration(7.4)).isEqualTo("0:07");
        assertThat(FileSizes.duration(3_723)).isEqualTo("1:02:03");
        assertThat(FileSizes.rate(5_250_000)).isEqualTo("5.3 MB/s");
    }
}
