package dev.parley.cli;

import dev.parley.client.FileTransfer;
import dev.parley.client.events.ClientEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The progress bars of running transfers on a terminal: one line each, kept at the bottom of the
 * screen below the scrolling output (JLine's status area), redrawn as progress events arrive and
 * removed when a transfer ends. Where the terminal has no status area, a line at every quarter.
 */
final class TransferBars implements Consumer<ClientEvent> {

    /** Where the bars go: the terminal's status lines, replaced as a whole. */
    interface Screen {
        void show(List<String> lines);
    }

    private record Bar(FileTransfer transfer, long done, double rate) {
    }

    private final Screen screen;
    private final Printer fallback;
    private final IntSupplier width;
    private final Map<Long, Bar> bars = new LinkedHashMap<>();
    private final Map<Long, Integer> quarters = new LinkedHashMap<>();

    /** screen null: no status area, print quarter lines through fallback instead. */
    TransferBars(Screen screen, Printer fallback, IntSupplier width) {
        this.screen = screen;
        this.fallback = fallback;
        this.width = width;
    }

    @Override
    public synchronized void accept(ClientEvent event) {
        switch (event) {
            case ClientEvent.TransferStarted(var t) -> update(new Bar(t, 0, 0));
            case ClientEvent.TransferProgress(var t, var done, var rate) -> update(new Bar(t, done, rate));
            case ClientEvent.FileSent(var t, var messages, var took) -> remove(t);
            case ClientEvent.FileReceived(var t, var message, var file) -> remove(t);
            case ClientEvent.TransferFailed(var t, var reason) -> remove(t);
            default -> {
                return;
            }
        }
    }

    private void update(Bar bar) {
        long id = bar.transfer().id();
        bars.put(id, bar);
        if (screen != null) {
            redraw();
            return;
        }
        int quarter = bar.transfer().size() == 0 ? 4 : (int) (bar.done() * 4 / bar.transfer().size());
        int shown = quarters.getOrDefault(id, 0);
        if (quarter > shown && quarter < 4) {
            quarters.put(id, quarter);
            fallback.line(Formats.progress(bar.transfer(), bar.done(), bar.rate(), Math.max(40, width.getAsInt())));
        }
    }

    private void remove(FileTransfer transfer) {
        bars.remove(transfer.id());
        quarters.remove(transfer.id());
        if (screen != null) {
            redraw();
        }
    }

    private void redraw() {
        int columns = Math.max(40, width.getAsInt() - 1);
        List<String> lines = new ArrayList<>();
        for (Bar bar : bars.values()) {
            lines.add(Formats.progress(bar.transfer(), bar.done(), bar.rate(), columns));
        }
        screen.show(lines);
    }

    synchronized void clear() {
        bars.clear();
        if (screen != null) {
            screen.show(List.of());
        }
    }
}
