package dev.parley.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.protocol.Refusal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void namesAreLowerCasedAndNormalised() {
        assertThat(Names.canonical("Alice")).contains("alice");
        assertThat(Names.canonical("ＡＬＩＣＥ")).contains("alice");
        assertThat(Names.canonical("  bob.smith-2_x ")).contains("bob.smith-2_x");
    }

    @Test
    void lookAlikeLettersSpacesAndBadLengthsAreRefused() {
        assertThat(Names.canonical("аlice")).as("Cyrillic a").isEmpty();
        assertThat(Names.canonical("ab")).isEmpty();
        assertThat(Names.canonical("a".repeat(33))).isEmpty();
        assertThat(Names.canonical("a".repeat(32))).isPresent();
        assertThat(Names.canonical("no spaces")).isEmpty();
        assertThat(Names.canonical(".hidden")).isEmpty();
        assertThat(Names.canonical("../etc")).isEmpty();
        assertThat(Names.canonical("ali\u0000ce")).isEmpty();
        assertThat(Names.canonical(null)).isEqualTo(Optional.empty());
    }

    @Test
    void anInvalidNameIsRefusedWithTheRule() {
        assertThatThrownBy(() -> Names.username("x y")).isInstanceOf(Refusal.class)
                .hasMessage("usernames are 3 to 32 characters of a-z, 0-9, '_', '.' and '-', starting with a letter or digit");
    }
}
