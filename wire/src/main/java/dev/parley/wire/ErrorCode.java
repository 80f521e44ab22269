package dev.parley.wire;

/** Why a request failed. Codes are stable on the wire; clients turn each into one plain sentence. */
public enum ErrorCode {
    BAD_REQUEST(1),
    UNSUPPORTED_VERSION(2),
    NOT_SIGNED_IN(3),
    WRONG_CREDENTIALS(4),
    USERNAME_TAKEN(5),
    INVALID_NAME(6),
    UNKNOWN_USER(7),
    UNKNOWN_GROUP(8),
    GROUP_EXISTS(9),
    NOT_A_MEMBER(10),
    RATE_LIMITED(11),
    TOO_LARGE(12),
    QUEUE_FULL(13),
    LIMIT_REACHED(14),
    ALREADY_SIGNED_IN(15),
    INVALID_KEYS(16),
    SESSION_EXPIRED(17),
    UNAVAILABLE(18),
    INTERNAL(19),
    NOT_FOUND(20),
    QUOTA_EXCEEDED(21);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static ErrorCode fromCode(int code) throws MalformedFrameException {
        for (ErrorCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        throw new MalformedFrameException("unknown error code " + code);
    }
}
