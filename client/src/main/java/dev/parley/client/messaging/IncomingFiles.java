package dev.parley.client.messaging;

import dev.parley.client.content.FileDone;
import dev.parley.client.content.FileOffer;
import dev.parley.client.events.ClientEvent;
import java.util.List;

/** Where decrypted file messages go: recorded (inside the caller's transaction) and fetched in the background. */
public interface IncomingFiles {

    /**
     * Records a file sent to us, directly ({@code group} null) or to a group; runs inside the
     * transaction that marks the message received. Returns events to publish.
     */
    List<ClientEvent> offered(String sender, String group, long serverMessageId, long sentAtMillis, FileOffer offer);

    /** The sender finished (or gave up) uploading a file it offered while uploading. Same transaction rules. */
    List<ClientEvent> done(String sender, String group, FileDone done);

    /** Ignores files (a session without file support). */
    IncomingFiles IGNORE = new IncomingFiles() {
        @Override
        public List<ClientEvent> offered(String sender, String group, long serverMessageId, long sentAtMillis, FileOffer offer) {
            org.slf4j.LoggerFactory.getLogger(IncomingFiles.class).warn("a file from {} is ignored: files are off", sender);
            return List.of();
        }

        @Override
        public List<ClientEvent> done(String sender, String group, FileDone done) {
            return List.of();
        }
    };
}
