package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    @Test
    void verbsAreCaseInsensitiveAndMessagesAreTheRestOfTheLine() throws Exception {
        assertThat(CommandParser.parse("send bob   hello   there  "))
                .isEqualTo(new Command.Send("bob", "hello   there"));
        assertThat(CommandParser.parse("SeNd bob x")).isEqualTo(new Command.Send("bob", "x"));
        assertThat(CommandParser.parse("SENDGROUP #friends hi all"))
                .isEqualTo(new Command.SendGroup(List.of("friends"), "hi all"));
    }

    @Test
    void everyCommandParses() throws Exception {
        assertThat(CommandParser.parse("SIGNUP alice s3cret pass")).isEqualTo(new Command.SignUp("alice", "s3cret pass"));
        assertThat(CommandParser.parse("CREATE_USER Alice alice pw"))
                .isEqualTo(new Command.CreateUser("Alice", "alice", "pw"));
        assertThat(CommandParser.parse("LOGIN alice pw")).isEqualTo(new Command.Login("alice", "pw"));
        assertThat(CommandParser.parse("LOGIN alice")).isEqualTo(new Command.Login("alice", null));
        assertThat(CommandParser.parse("signin alice pw")).as("SIGNIN, the word that goes with SIGNUP")
                .isEqualTo(new Command.Login("alice", "pw"));
        assertThat(CommandParser.parse("LOGOUT")).isEqualTo(new Command.Logout());
        assertThat(CommandParser.parse("USERS")).isEqualTo(new Command.Users());
        assertThat(CommandParser.parse("HISTORY bob")).isEqualTo(new Command.History("bob", 20));
        assertThat(CommandParser.parse("HISTORY #friends 5")).isEqualTo(new Command.History("#friends", 5));
        assertThat(CommandParser.parse("VERIFY bob")).isEqualTo(new Command.Verify("bob"));
        assertThat(CommandParser.parse("CREATE friends")).isEqualTo(new Command.Create("friends"));
        assertThat(CommandParser.parse("CREATE_GROUP #friends")).isEqualTo(new Command.Create("friends"));
        assertThat(CommandParser.parse("JOIN friends")).isEqualTo(new Command.Join("friends"));
        assertThat(CommandParser.parse("LEAVE friends")).isEqualTo(new Command.Leave("friends"));
        assertThat(CommandParser.parse("LIST")).isEqualTo(new Command.ListGroups());
        assertThat(CommandParser.parse("MEMBERS friends")).isEqualTo(new Command.Members("friends"));
        assertThat(CommandParser.parse("SEND_TO_GROUP a,#b,a hello"))
                .isEqualTo(new Command.SendGroup(List.of("a", "b"), "hello"));
        assertThat(CommandParser.parse("HELP")).isEqualTo(new Command.Help());
        assertThat(CommandParser.parse("quit")).isEqualTo(new Command.Quit());
    }

    @Test
    void blankLinesAndCommentsAreSkipped() throws Exception {
        assertThat(CommandParser.parse("   ")).isNull();
        assertThat(CommandParser.parse("# a comment in a script")).isNull();
    }

    @Test
    void wrongArgumentsGiveTheRightSyntaxInOneLine() {
        assertUsage("SEND bob", "usage: SEND <username> <message>");
        assertUsage("send", "usage: SEND <username> <message>");
        assertUsage("SIGNUP alice", "usage: SIGNUP <username> <password>");
        assertUsage("CREATE_USER a b", "usage: CREATE_USER <name> <username> <password>");
        assertUsage("LOGIN", "usage: LOGIN <username> [password]");
        assertUsage("LOGOUT now", "usage: LOGOUT");
        assertUsage("HISTORY", "usage: HISTORY <username|group> [n]");
        assertUsage("HISTORY bob many", "usage: HISTORY <username|group> [n]");
        assertUsage("HISTORY bob 0", "usage: HISTORY <username|group> [n]");
        assertUsage("VERIFY", "usage: VERIFY <username>");
        assertUsage("CREATE a b", "usage: CREATE <group>");
        assertUsage("JOIN", "usage: JOIN <group>");
        assertUsage("SENDGROUP friends", "usage: SENDGROUP <group> <message>");
        assertUsage("SEND_TO_GROUP a,,b hi", "usage: SEND_TO_GROUP <group[,group…]> <message>");
        assertUsage("MEMBERS", "usage: MEMBERS <group>");
    }

    @Test
    void anUnknownCommandPointsToHelp() {
        assertThatThrownBy(() -> CommandParser.parse("FROB x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown command 'FROB'; type HELP to see every command");
    }

    @Test
    void helpListsEveryVerbsSyntax() {
        assertThat(CommandParser.SYNTAX).containsKeys("SIGNUP", "CREATE_USER", "LOGIN", "LOGOUT", "SEND", "USERS",
                "HISTORY", "VERIFY", "CREATE", "CREATE_GROUP", "JOIN", "LEAVE", "LIST", "MEMBERS", "SENDGROUP",
                "SEND_TO_GROUP", "HELP", "QUIT");
    }

    @Test
    void passwordLinesNeverReachTheHistoryFile() {
        assertThat(Interactive.PrivateHistory.holdsPassword("SIGNUP alice pw")).isTrue();
        assertThat(Interactive.PrivateHistory.holdsPassword("  login alice pw")).isTrue();
        assertThat(Interactive.PrivateHistory.holdsPassword("SIGNIN alice pw")).isTrue();
        assertThat(Interactive.PrivateHistory.holdsPassword("create_user A alice pw")).isTrue();
        assertThat(Interactive.PrivateHistory.holdsPassword("LOGIN alice")).isFalse();
        assertThat(Interactive.PrivateHistory.holdsPassword("SEND bob login alice pw")).isFalse();
    }

    private static void assertUsage(String line, String message) {
        assertThatThrownBy(() -> CommandParser.parse(line)).as(line)
                .isInstanceOf(UsageException.class)
                .hasMessage(message);
    }
}
