package dev.parley.server.protocol;

/** Every fixed sentence the server says to clients, in one place so tests and docs can quote them. */
public final class Texts {
    public static final String WRONG_CREDENTIALS = "wrong username or password";
    public static final String USERNAME_TAKEN = "that username is taken";
    public static final String NOT_SIGNED_IN = "sign in first";
    public static final String SESSION_EXPIRED = "that session is no longer valid; sign in with your password";
    public static final String TAKEN_OVER = "you signed in somewhere else; this connection is closed";
    public static final String SIGN_IN_IN_PROGRESS = "a sign-in is already in progress on this connection";
    public static final String STORE_UNAVAILABLE = "the server could not store that right now; try again shortly";
    public static final String BUSY = "the server is busy; try again in a moment";
    public static final String SHUTTING_DOWN = "the server is shutting down; reconnect in a moment";
    public static final String NOT_A_REQUEST = "that message is not a request";
    public static final String EMPTY_MESSAGE = "a message needs a payload";
    public static final String SIGN_IN_TIMEOUT = "sign in within %s of connecting";
    public static final String IDLE_TIMEOUT = "nothing received for %s; send Ping to keep a connection open";
    public static final String TOO_MANY_FROM_ADDRESS = "too many connections from your address (at most %d); close some and try again";
    public static final String TOO_MANY_CONNECTIONS = "the server is full (%d connections); try again later";
    public static final String FRAME_TOO_LARGE = "frames may be at most %d bytes";
    public static final String PAYLOAD_TOO_LARGE = "a message may carry at most %d bytes";
    public static final String INVALID_KEYS = "the identity key does not match this account's";

    private Texts() {
    }

    /** "1 second", "90 seconds". */
    public static String seconds(long seconds) {
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    public static String alreadySignedIn(String username) {
        return "this connection is already signed in as " + username;
    }

    public static String unknownUser(String username) {
        return "there is no user called " + username;
    }

    public static String unknownGroup(String group) {
        return "there is no group called " + group;
    }

    public static String groupExists(String group) {
        return "a group called " + group + " already exists";
    }

    public static String notAMember(String group) {
        return "you are not a member of " + group;
    }

    public static String queueFull(String username) {
        return username + " has too many undelivered messages; try again after they come online";
    }

    public static String groupFull(String group, int cap) {
        return group + " is full (at most " + cap + " members)";
    }

    public static String tooManyGroups(int cap) {
        return "you are in " + cap + " groups, the most allowed; leave one first";
    }
}
