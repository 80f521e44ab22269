package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SENDFILE, SENDGROUPFILE and the older SEND FILE / SEND_TO_GROUP FILE spellings, with quoted paths. */
class FileCommandsTest {

    @Test
    void sendFileTakesThePathThenTheUser() throws Exception {
        assertThat(CommandParser.parse("SENDFILE photo.jpg bob")).isEqualTo(new Command.SendFile("bob", "photo.jpg"));
        assertThat(CommandParser.parse("sendfile /tmp/a b/photo.jpg bob"))
                .isEqualTo(new Command.SendFile("bob", "/tmp/a b/photo.jpg"));
        assertThat(CommandParser.parse("SENDFILE \"/tmp/my  photos/beach day.jpg\" bob"))
                .isEqualTo(new Command.SendFile("bob", "/tmp/my  photos/beach day.jpg"));
        assertThat(CommandParser.parse("SENDFILE \"say \\\"hi\\\".txt\" bob"))
                .isEqualTo(new Command.SendFile("bob", "say \"hi\".txt"));
    }

    @Test
    void sendGroupFileTakesThePathThenTheGroup() throws Exception {
        assertThat(CommandParser.parse("SENDGROUPFILE clip.mp4 #friends"))
                .isEqualTo(new Command.SendGroupFile(List.of("friends"), "clip.mp4"));
        assertThat(CommandParser.parse("SENDGROUPFILE \"holiday clip.mp4\" friends"))
                .isEqualTo(new Command.SendGroupFile(List.of("friends"), "holiday clip.mp4"));
    }

    @Test
    void theOlderSpellingsTakeTheNameThenThePath() throws Exception {
        assertThat(CommandParser.parse("SEND FILE bob photo.jpg")).isEqualTo(new Command.SendFile("bob", "photo.jpg"));
        assertThat(CommandParser.parse("send file bob \"my photo.jpg\"")).isEqualTo(new Command.SendFile("bob", "my photo.jpg"));
        assertThat(CommandParser.parse("SEND FILE bob my photo.jpg")).isEqualTo(new Command.SendFile("bob", "my photo.jpg"));
        assertThat(CommandParser.parse("SEND_TO_GROUP FILE a,#b,a \"x y.pdf\""))
                .isEqualTo(new Command.SendGroupFile(List.of("a", "b"), "x y.pdf"));
        // a text to someone called "file" still works when it cannot be the file form
        assertThat(CommandParser.parse("SEND file hello")).isEqualTo(new Command.Send("file", "hello"));
    }

    @Test
    void aHomeFolderTildeIsExpanded() throws Exception {
        assertThat(CommandParser.parse("SENDFILE ~/a.txt bob"))
                .isEqualTo(new Command.SendFile("bob", System.getProperty("user.home") + "/a.txt"));
    }

    @Test
    void wrongArgumentsGiveTheSyntax() {
        assertThatThrownBy(() -> CommandParser.parse("SENDFILE photo.jpg")).hasMessage("usage: SENDFILE <file> <username>");
        assertThatThrownBy(() -> CommandParser.parse("SENDFILE \"unterminated bob")).hasMessage("usage: SENDFILE <file> <username>");
        assertThatThrownBy(() -> CommandParser.parse("SENDFILE \"a.jpg\" bob carol")).hasMessage("usage: SENDFILE <file> <username>");
        assertThatThrownBy(() -> CommandParser.parse("SENDGROUPFILE x")).hasMessage("usage: SENDGROUPFILE <file> <group>");
        assertThatThrownBy(() -> CommandParser.parse("SEND FILE bob \"x")).hasMessage("usage: SEND FILE <username> <file>");
        assertThatThrownBy(() -> CommandParser.parse("SEND_TO_GROUP FILE a,,b x"))
                .hasMessage("usage: SEND_TO_GROUP FILE <group[,group…]> <file>");
    }

    @Test
    void helpListsTheFileCommands() {
        assertThat(CommandParser.SYNTAX.values()).contains("SENDFILE <file> <username>", "SENDGROUPFILE <file> <group>",
                "SEND FILE <username> <file>", "SEND_TO_GROUP FILE <group[,group…]> <file>");
    }
}
