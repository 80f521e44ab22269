package dev.parley.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.store.QueueStore.Removed;
import org.junit.jupiter.api.Test;

/** The queue rows an account remembers for messages pushed to it, which its Acks then delete without a read-back. */
class AccountTest {
    private final Account bob = new Account(2, "bob", "not a real hash", 0);

    @Test
    void aPushedRowIsTakenOnceAndForgottenWhenTheConnectionGoes() {
        assertThat(bob.takePushed(10)).as("nothing pushed yet").isNull();
        bob.pushed(10, new Removed(1, 0, 100));
        bob.pushed(11, new Removed(1, 7, 0));
        assertThat(bob.takePushed(10)).isEqualTo(new Removed(1, 0, 100));
        assertThat(bob.takePushed(10)).as("taken already: a second Ack reads the queue").isNull();
        bob.forgetPushed();
        assertThat(bob.takePushed(11)).isNull();
    }

    @Test
    void atMostTheLimitIsRememberedSoAClientThatNeverAcknowledgesCostsBoundedMemory() {
        for (long id = 1; id <= Account.MOST_PUSHED + 10; id++) {
            bob.pushed(id, new Removed(1, 0, 1));
        }
        assertThat(bob.takePushed(Account.MOST_PUSHED)).isNotNull();
        assertThat(bob.takePushed(Account.MOST_PUSHED + 1)).as("past the limit: not remembered").isNull();
        bob.pushed(Account.MOST_PUSHED + 5, new Removed(1, 0, 1));
        assertThat(bob.takePushed(Account.MOST_PUSHED + 5)).as("room again after an Ack").isNotNull();
    }
}
