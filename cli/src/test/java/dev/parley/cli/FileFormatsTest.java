package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ChatMessage;
import dev.parley.client.ChatMessage.DeliveryState;
import dev.parley.client.ChatMessage.Direction;
import dev.parley.client.FileTransfer;
import dev.parley.client.ReceivedFile;
import dev.parley.client.events.ClientEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines and progress bars of file transfers. */
class FileFormatsTest {
    private static final Instant AT = Instant.parse("2026-11-22T14:03:07Z");
    private final Formats formats = new Formats(ZoneOffset.UTC);
    private static final FileTransfer UP = new FileTransfer(1, FileTransfer.Direction.UPLOAD, "bob", null, "photo.jpg",
            2_100_000, "image/jpeg");
    private static final FileTransfer DOWN = new FileTransfer(2, FileTransfer.Direction.DOWNLOAD, "alice", "team", "clip.mp4",
            200_000_000, "video/mp4");

    private String line(ClientEvent event) {
        return formats.event(event).orElse(null);
    }

    @Test
    void anIncomingFileIsOneLineWithSenderNameSizeTypeAndPath() {
        ChatMessage message = new ChatMessage(5, false, "alice", "alice", "📎 photo.jpg", AT, Direction.IN, DeliveryState.RECEIVED);
        ReceivedFile file = new ReceivedFile("alice", null, "photo.jpg", 2_100_000, "image/jpeg", Path.of("/d/photo.jpg"));
        assertThat(line(new ClientEvent.FileReceived(DOWN, message, file)))
                .isEqualTo("[14:03:07] alice sent photo.jpg (2.1 MB, image/jpeg) → /d/photo.jpg");
        ReceivedFile inGroup = new ReceivedFile("alice", "team", "clip (1).mp4", 200_000_000, "video/mp4", Path.of("/d/clip (1).mp4"));
        assertThat(line(new ClientEvent.FileReceived(DOWN, message, inGroup)))
                .isEqualTo("[14:03:07] #team alice sent clip (1).mp4 (200.0 MB, video/mp4) → /d/clip (1).mp4");
    }

    @Test
    void startAndFinishLinesForScripts() {
        assertThat(line(new ClientEvent.TransferStarted(UP))).isEqualTo("↑ sending photo.jpg (2.1 MB, image/jpeg) to bob…");
        assertThat(line(new ClientEvent.TransferStarted(DOWN)))
                .isEqualTo("↓ receiving clip.mp4 (200.0 MB, video/mp4) from alice in #team…");
        assertThat(line(new ClientEvent.FileSent(UP, List.of(), Duration.ofMillis(400))))
                .isEqualTo("✓ sent photo.jpg to bob: 2.1 MB in 0.4 s (5.3 MB/s)");
        assertThat(line(new ClientEvent.TransferFailed(UP, "photo.jpg was not sent: no"))).isEqualTo("! photo.jpg was not sent: no");
        assertThat(line(new ClientEvent.TransferProgress(UP, 5, 1))).isNull();
    }

    @Test
    void aProgressBarShowsPercentRateAndTimeLeftWithinTheWidth() {
        String bar = Formats.progress(UP, 1_050_000, 500_000, 80);
        assertThat(bar).startsWith("↑ photo.jpg → bob [").contains(" 50%", "500.0 kB/s", "0:02 left");
        assertThat(bar.length()).isLessThanOrEqualTo(80);
        assertThat(bar).contains("#".repeat(10)).contains("-".repeat(10));
        String narrow = Formats.progress(DOWN, 0, 0, 50);
        assertThat(narrow).contains("  0%", "–:–– left");
        assertThat(Formats.progress(DOWN, 200_000_000, 1e6, 70)).contains("100%", "0:00 left");
    }

    @Test
    void barsComeAndGoWithTheirTransfers() {
        List<List<String>> screens = new ArrayList<>();
        TransferBars bars = new TransferBars(screens::add, line -> { }, () -> 100);
        bars.accept(new ClientEvent.TransferStarted(UP));
        bars.accept(new ClientEvent.TransferStarted(DOWN));
        bars.accept(new ClientEvent.TransferProgress(UP, 2_100_000, 1e6));
        assertThat(screens.getLast()).hasSize(2);
        assertThat(screens.getLast().getFirst()).contains("100%");
        bars.accept(new ClientEvent.FileSent(UP, List.of(), Duration.ofSeconds(1)));
        assertThat(screens.getLast()).hasSize(1).allMatch(l -> l.startsWith("↓ clip.mp4"));
        bars.accept(new ClientEvent.TransferFailed(DOWN, "x"));
        assertThat(screens.getLast()).isEmpty();
    }

    @Test
    void withoutAStatusAreaAQuarterLineIsPrinted() {
        List<String> printed = new ArrayList<>();
        TransferBars bars = new TransferBars(null, printed::add, () -> 80);
        bars.accept(new ClientEvent.TransferStarted(DOWN));
        for (long done = 0; done <= 200_000_000; done += 10_000_000) {
            bars.accept(new ClientEvent.TransferProgress(DOWN, done, 1e7));
        }
        assertThat(printed).hasSize(3);
        assertThat(printed.get(0)).contains(" 25%");
        assertThat(printed.get(2)).contains(" 75%");
    }
}
