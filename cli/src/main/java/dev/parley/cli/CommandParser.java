package dev.parley.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a line into a {@link Command}. Verbs are case-insensitive; a message or password is the rest
 * of the line. A leading {@code #} on a group name is optional. Wrong arguments give the verb's syntax.
 */
final class CommandParser {

    static final int DEFAULT_HISTORY = 20;
    static final int MAX_HISTORY = 10_000;

    static final String SEND_FILE = "SEND FILE <username> <file>";
    static final String SEND_TO_GROUP_FILE = "SEND_TO_GROUP FILE <group[,group…]> <file>";

    /** Every verb with its syntax, in the order HELP lists them. */
    static final Map<String, String> SYNTAX = syntax();

    private CommandParser() {
    }

    private static Map<String, String> syntax() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("SIGNUP", "SIGNUP <username> <password>");
        s.put("CREATE_USER", "CREATE_USER <name> <username> <password>");
        s.put("LOGIN", "LOGIN <username> [password]");
        s.put("SIGNIN", "SIGNIN <username> [password]");
        s.put("LOGOUT", "LOGOUT");
        s.put("SEND", "SEND <username> <message>");
        s.put("SENDFILE", "SENDFILE <file> <username>");
        s.put("USERS", "USERS");
        s.put("HISTORY", "HISTORY <username|group> [n]");
        s.put("VERIFY", "VERIFY <username>");
        s.put("CREATE", "CREATE <group>");
        s.put("CREATE_GROUP", "CREATE_GROUP <group>");
        s.put("JOIN", "JOIN <group>");
        s.put("LEAVE", "LEAVE <group>");
        s.put("LIST", "LIST");
        s.put("MEMBERS", "MEMBERS <group>");
        s.put("SENDGROUP", "SENDGROUP <group> <message>");
        s.put("SEND_TO_GROUP", "SEND_TO_GROUP <group[,group…]> <message>");
        s.put("SENDGROUPFILE", "SENDGROUPFILE <file> <group>");
        // older spellings, listed for HELP (a verb never contains a blank, so parse never looks these up)
        s.put("SEND FILE", SEND_FILE);
        s.put("SEND_TO_GROUP FILE", SEND_TO_GROUP_FILE);
        s.put("HELP", "HELP");
        s.put("QUIT", "QUIT");
        return java.util.Collections.unmodifiableMap(s);
    }

    /** Parses one line; returns null for a blank line or a {@code #} comment. */
    static Command parse(String line) throws UsageException {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        String verbWord = firstWord(trimmed);
        String verb = verbWord.toUpperCase(Locale.ROOT);
        String rest = trimmed.substring(verbWord.length()).strip();
        String usage = SYNTAX.get(verb);
        if (usage == null) {
            throw new UsageException("unknown command '" + verbWord + "'; type HELP to see every command");
        }
        List<String> words = words(rest);
        Command command = switch (verb) {
            case "SIGNUP" -> words.size() >= 2 ? new Command.SignUp(words.get(0), after(rest, 1)) : null;
            case "CREATE_USER" -> words.size() >= 3
                    ? new Command.CreateUser(words.get(0), words.get(1), after(rest, 2)) : null;
            case "LOGIN", "SIGNIN" -> words.isEmpty() ? null
                    : new Command.Login(words.get(0), words.size() >= 2 ? after(rest, 1) : null);
            case "LOGOUT" -> words.isEmpty() ? new Command.Logout() : null;
            case "SEND" -> {
                if (isFileWord(words) && words.size() >= 3) {
                    usage = SEND_FILE;
                    yield sendFile(rest);
                }
                yield words.size() >= 2 ? new Command.Send(words.get(0), after(rest, 1)) : null;
            }
            case "SENDFILE" -> {
                String[] fileAndTarget = fileThenName(rest);
                yield fileAndTarget == null ? null : new Command.SendFile(fileAndTarget[1], fileAndTarget[0]);
            }
            case "SENDGROUPFILE" -> {
                String[] fileAndTarget = fileThenName(rest);
                yield fileAndTarget == null ? null
                        : new Command.SendGroupFile(List.of(group(fileAndTarget[1])), fileAndTarget[0]);
            }
            case "USERS" -> words.isEmpty() ? new Command.Users() : null;
            case "HISTORY" -> history(words);
            case "VERIFY" -> words.size() == 1 ? new Command.Verify(words.get(0)) : null;
            case "CREATE", "CREATE_GROUP" -> words.size() == 1 ? new Command.Create(group(words.get(0))) : null;
            case "JOIN" -> words.size() == 1 ? new Command.Join(group(words.get(0))) : null;
            case "LEAVE" -> words.size() == 1 ? new Command.Leave(group(words.get(0))) : null;
            case "LIST" -> words.isEmpty() ? new Command.ListGroups() : null;
            case "MEMBERS" -> words.size() == 1 ? new Command.Members(group(words.get(0))) : null;
            case "SENDGROUP" -> words.size() >= 2
                    ? new Command.SendGroup(List.of(group(words.get(0))), after(rest, 1)) : null;
            case "SEND_TO_GROUP" -> {
                if (isFileWord(words) && words.size() >= 3) {
                    usage = SEND_TO_GROUP_FILE;
                    yield sendGroupFile(rest);
                }
                yield words.size() >= 2 ? sendToGroups(words.get(0), after(rest, 1)) : null;
            }
            case "HELP" -> new Command.Help();
            case "QUIT" -> new Command.Quit();
            default -> null;
        };
        if (command == null) {
            throw new UsageException("usage: " + usage);
        }
        return command;
    }

    /**
     * The older spellings {@code SEND FILE <username> <file>} and {@code SEND_TO_GROUP FILE <groups> <file>}:
     * the word FILE (any case) followed by a name and a path. ({@code SEND file hi} still messages a
     * user called "file"; so does any SEND to "file" whose text is a single word.)
     */
    private static boolean isFileWord(List<String> words) {
        return !words.isEmpty() && words.get(0).equalsIgnoreCase("FILE");
    }

    private static Command sendFile(String rest) {
        String path = path(after(rest, 2));
        return path == null ? null : new Command.SendFile(words(rest).get(1), path);
    }

    private static Command sendGroupFile(String rest) {
        String path = path(after(rest, 2));
        if (path == null) {
            return null;
        }
        Command groups = sendToGroups(words(rest).get(1), "-");
        return groups instanceof Command.SendGroup(var names, var ignored) ? new Command.SendGroupFile(names, path) : null;
    }

    /**
     * {@code <file> <name>} where the file is either in double quotes (then exactly one name follows)
     * or everything before the last word. Returns {file, name} or null.
     */
    private static String[] fileThenName(String rest) {
        if (rest.startsWith("\"")) {
            int close = closingQuote(rest);
            if (close < 0) {
                return null;
            }
            String file = unescape(rest.substring(1, close));
            List<String> after = words(rest.substring(close + 1).strip());
            return file.isEmpty() || after.size() != 1 ? null : new String[] {expandHome(file), after.get(0)};
        }
        List<String> words = words(rest);
        if (words.size() < 2) {
            return null;
        }
        String name = words.get(words.size() - 1);
        String file = rest.substring(0, rest.length() - name.length()).strip();
        return new String[] {expandHome(file), name};
    }

    /** A path that is the whole text: quotes around it are removed; null if empty or badly quoted. */
    private static String path(String text) {
        String path = text.strip();
        if (path.startsWith("\"")) {
            int close = closingQuote(path);
            if (close != path.length() - 1) {
                return null;
            }
            path = unescape(path.substring(1, close));
        }
        return path.isEmpty() ? null : expandHome(path);
    }

    private static int closingQuote(String text) {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** Inside quotes, {@code \"} is a quote and {@code \\} a backslash; other backslashes stay. */
    private static String unescape(String quoted) {
        StringBuilder out = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() && (quoted.charAt(i + 1) == '"' || quoted.charAt(i + 1) == '\\')) {
                out.append(quoted.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code ~/x} is x in the home folder, as in a shell. */
    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }

    private static Command history(List<String> words) {
        if (words.isEmpty() || words.size() > 2) {
            return null;
        }
        int count = DEFAULT_HISTORY;
        if (words.size() == 2) {
            try {
                count = Integer.parseInt(words.get(1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (count < 1 || count > MAX_HISTORY) {
                return null;
            }
        }
        return new Command.History(words.get(0), count);
    }

    private static Command sendToGroups(String list, String text) {
        List<String> groups = new ArrayList<>();
        for (String name : list.split(",")) {
            if (name.isBlank()) {
                return null;
            }
            String group = group(name.strip());
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return new Command.SendGroup(groups, text);
    }

    /** Group names may be written with a leading #, as they are printed. */
    static String group(String word) {
        return word.startsWith("#") && word.length() > 1 ? word.substring(1) : word;
    }

    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }

    private static List<String> words(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
    }

    /** The rest of the text after skipping n words, with surrounding blanks removed. */
    private static String after(String text, int n) {
        String rest = text;
        for (int i = 0; i < n; i++) {
            rest = rest.strip();
            rest = rest.substring(firstWord(rest).length());
        }
        return rest.strip();
    }
}
