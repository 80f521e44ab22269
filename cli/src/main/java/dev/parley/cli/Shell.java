package dev.parley.cli;

import dev.parley.client.ChatMessage;
import dev.parley.client.GroupSummary;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.client.UserStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs commands against a {@link ParleyClient} and prints their results. In a script every command
 * waits for its response (a SEND for the server's acceptance); on a terminal sends return at once
 * and their "✓ sent" line arrives as an event. Every failure becomes one line.
 */
final class Shell {

    /** Asks for a hidden password on a terminal; empty when there is no terminal. */
    @FunctionalInterface
    interface PasswordPrompt {
        Optional<String> ask(String prompt);
    }

    private final ParleyClient client;
    private final Printer out;
    private final Formats formats;
    private final PasswordPrompt passwords;
    private final boolean waitForEachCommand;

    Shell(ParleyClient client, Printer out, Formats formats, PasswordPrompt passwords, boolean waitForEachCommand) {
        this.client = client;
        this.out = out;
        this.formats = formats;
        this.passwords = passwords;
        this.waitForEachCommand = waitForEachCommand;
    }

    /** Parses and runs one line; returns false when the user asked to quit. */
    boolean run(String line) {
        Command command;
        try {
            command = CommandParser.parse(line);
        } catch (UsageException e) {
            out.error(e.getMessage());
            return true;
        }
        if (command == null) {
            return true;
        }
        try {
            return execute(command);
        } catch (RuntimeException e) {
            out.error(Sentences.of(e));
            return true;
        } finally {
            if (waitForEachCommand) {
                client.flushEvents();
            }
        }
    }

    private boolean execute(Command command) {
        switch (command) {
            case Command.SignUp(var username, var password) -> signUp(username, password);
            case Command.CreateUser(var name, var username, var password) -> signUp(username, password);
            case Command.Login(var username, var password) -> login(username, password);
            case Command.Logout() -> {
                client.signOut();
                out.line("signed out");
            }
            case Command.Send(var username, var text) -> send(client.sendAsync(username, text), username);
            case Command.Users() -> {
                String self = client.username().orElse("");
                for (UserStatus user : client.users()) {
                    out.line(formats.user(user, self));
                }
            }
            case Command.History(var conversation, var count) -> history(conversation, count);
            case Command.Verify(var username) ->
                    Formats.safetyNumber(username, client.safetyNumber(username)).forEach(out::line);
            case Command.Create(var group) -> out.line(Formats.joined(client.createGroup(group)));
            case Command.Join(var group) -> out.line(Formats.joined(client.joinGroup(group)));
            case Command.Leave(var group) -> {
                client.leaveGroup(group);
                out.line("left #" + group);
            }
            case Command.ListGroups() -> {
                List<GroupSummary> groups = client.listGroups();
                if (groups.isEmpty()) {
                    out.line("no groups yet; CREATE or JOIN one");
                }
                groups.forEach(g -> out.line(Formats.group(g)));
            }
            case Command.Members(var group) -> out.line(Formats.members(group, client.members(group)));
            case Command.SendGroup(var groups, var text) -> {
                for (String group : groups) {
                    try {
                        send(client.sendGroupAsync(group, text), "#" + group);
                    } catch (ParleyException e) {
                        out.error(e.getMessage());
                    }
                }
            }
            case Command.SendFile(var username, var file) ->
                    sendFile(client.sendFileAsync(username, Path.of(file), null));
            case Command.SendGroupFile(var groups, var file) ->
                    sendFile(client.sendGroupFileAsync(groups, Path.of(file), null));
            case Command.Help() -> CommandParser.SYNTAX.values().forEach(out::line);
            case Command.Quit() -> {
                return false;
            }
        }
        return true;
    }

    private void signUp(String username, String password) {
        client.signUp(username, password);
        out.line("signed up and signed in as " + client.username().orElse(username));
    }

    private void login(String username, String password) {
        if (password == null) {
            if (client.resume(username)) {
                out.line("signed in as " + client.username().orElse(username) + " (session resumed)");
                return;
            }
            Optional<String> asked = passwords.ask("password for " + username + ": ");
            if (asked.isEmpty()) {
                out.error("no saved session for " + username + " on this device; usage: LOGIN <username> <password>");
                return;
            }
            password = asked.get();
        }
        client.signIn(username, password);
        out.line("signed in as " + client.username().orElse(username));
    }

    private void send(CompletableFuture<ChatMessage> accepted, String target) {
        if (!waitForEachCommand) {
            if (!client.isConnected() && !accepted.isDone()) {
                out.line("… not connected; the message to " + target + " waits in the outbox");
            }
            return;
        }
        try {
            accepted.get(client.options().requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            out.line("… the message to " + target + " waits in the outbox until the server is reachable");
        } catch (java.util.concurrent.ExecutionException e) {
            // the refusal is printed from its SendFailed event
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * On a terminal the upload goes on in the background (its progress bar and result line come from
     * events); in a script the command waits until the file is sent. Failures print from their event.
     */
    private void sendFile(CompletableFuture<?> sent) {
        if (!waitForEachCommand) {
            return;
        }
        try {
            sent.get();
        } catch (java.util.concurrent.ExecutionException e) {
            // printed from its TransferFailed event
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void history(String conversation, int count) {
        List<ChatMessage> messages = client.conversation(conversation, count);
        if (messages.isEmpty()) {
            out.line("no messages with " + conversation + " yet");
        }
        messages.stream().map(formats::history).forEach(out::line);
    }
}
