package dev.parley.cli;

import java.util.List;

/** One parsed line of the client's command language. */
sealed interface Command {

    record SignUp(String username, String password) implements Command {
        @Override
        public String toString() {
            return "SignUp[" + username + "]";
        }
    }

    /** The older spelling; name is accepted for compatibility and not used. */
    record CreateUser(String name, String username, String password) implements Command {
        @Override
        public String toString() {
            return "CreateUser[" + username + "]";
        }
    }

    /** password is null when left out. */
    record Login(String username, String password) implements Command {
        @Override
        public String toString() {
            return "Login[" + username + "]";
        }
    }

    record Logout() implements Command {
    }

    record Send(String username, String text) implements Command {
    }

    record Users() implements Command {
    }

    record History(String conversation, int count) implements Command {
    }

    record Verify(String username) implements Command {
    }

    record Create(String group) implements Command {
    }

    record Join(String group) implements Command {
    }

    record Leave(String group) implements Command {
    }

    record ListGroups() implements Command {
    }

    record Members(String group) implements Command {
    }

    record SendGroup(List<String> groups, String text) implements Command {
        public SendGroup {
            groups = List.copyOf(groups);
        }
    }

    /** A file to one user; file is the path as typed (quotes removed). */
    record SendFile(String username, String file) implements Command {
    }

    /** A file to one or more groups, uploaded once. */
    record SendGroupFile(List<String> groups, String file) implements Command {
        public SendGroupFile {
            groups = List.copyOf(groups);
        }
    }

    record Help() implements Command {
    }

    record Quit() implements Command {
    }
}
