package dev.parley.crypto.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.crypto.DuplicateMessageException;
import dev.parley.crypto.testing.Party;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OutOfOrderDeliveryPropertyTest {
    private static final int WINDOW = 12;

    @Provide
    Arbitrary<List<Integer>> deliveryOrders() {
        return Arbitraries.shuffle(IntStream.range(0, WINDOW).boxed().toList());
    }

    /** Six messages, a reply that makes Alice ratchet, six more: Bob gets all twelve in any order. */
    @Property(tries = 40)
    void anyDeliveryOrderOfAWindowSpanningARatchetStepDecryptsEveryMessageOnce(@ForAll("deliveryOrders") List<Integer> order)
            throws Exception {
        Party alice = new Party("alice", 1);
        Party bob = new Party("bob", 2);
        alice.startSessionWith(bob);
        bob.decryptFrom(alice, alice.encryptTo(bob, "hello"));
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < WINDOW / 2; i++) sent.add(alice.encryptTo(bob, "m" + i));
        alice.decryptFrom(bob, bob.encryptTo(alice, "reply"));
        for (int i = WINDOW / 2; i < WINDOW; i++) sent.add(alice.encryptTo(bob, "m" + i));

        for (int i : order) assertThat(bob.decryptFrom(alice, sent.get(i))).isEqualTo("m" + i);
        for (byte[] m : sent) assertThatThrownBy(() -> bob.decryptFrom(alice, m)).isInstanceOf(DuplicateMessageException.class);
        assertThat(alice.decryptFrom(bob, bob.encryptTo(alice, "done"))).isEqualTo("done");
    }
}
