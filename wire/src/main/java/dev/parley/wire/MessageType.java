package dev.parley.wire;

/** Wire codes of every message and how to read each. Codes never change once released. */
public enum MessageType {
    SIGN_UP(1, SignUp::read),
    SIGN_IN(2, SignIn::read),
    RESUME(3, Resume::read),
    SIGN_OUT(4, SignOut::read),
    PUBLISH_KEYS(5, PublishKeys::read),
    FETCH_BUNDLE(6, FetchBundle::read),
    SEND(7, Send::read),
    SEND_GROUP(8, SendGroup::read),
    ACK(9, Ack::read),
    LIST_USERS(10, ListUsers::read),
    SET_PRESENCE(11, SetPresence::read),
    CREATE_GROUP(12, CreateGroup::read),
    JOIN_GROUP(13, JoinGroup::read),
    LEAVE_GROUP(14, LeaveGroup::read),
    LIST_GROUPS(15, ListGroups::read),
    LIST_MEMBERS(16, ListMembers::read),
    PING(17, Ping::read),
    OPEN_BLOB_STREAM(18, OpenBlobStream::read),
    BLOB_CREATE(19, BlobCreate::read),
    BLOB_STAT(20, BlobStat::read),
    BLOB_WRITE(21, BlobWrite::read),
    BLOB_READ(22, BlobRead::read),
    BLOB_FETCHED(23, BlobFetched::read),
    OK(64, Ok::read),
    ERROR(65, Error::read),
    SIGNED_IN(66, SignedIn::read),
    BUNDLE(67, Bundle::read),
    ACCEPTED(68, Accepted::read),
    USER_LIST(69, UserList::read),
    GROUP_LIST(70, GroupList::read),
    MEMBER_LIST(71, MemberList::read),
    PONG(72, Pong::read),
    GROUP_INFO(73, GroupInfo::read),
    BLOB_STATUS(74, BlobStatus::read),
    BLOB_DATA(75, BlobData::read),
    DELIVER(96, Deliver::read),
    RECEIPT(97, Receipt::read),
    PRESENCE_UPDATE(98, PresenceUpdate::read),
    MEMBERSHIP_CHANGED(99, MembershipChanged::read),
    KEYS_LOW(100, KeysLow::read),
    QUEUE_DRAINED(101, QueueDrained::read);

    @FunctionalInterface
    interface Reader {
        Message read(WireReader reader) throws MalformedFrameException;
    }

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final Reader reader;

    MessageType(int code, Reader reader) {
        this.code = code;
        this.reader = reader;
    }

    public int code() {
        return code;
    }

    Message read(WireReader in) throws MalformedFrameException {
        return reader.read(in);
    }

    static MessageType fromCode(int code) throws MalformedFrameException {
        MessageType type = code < BY_CODE.length ? BY_CODE[code] : null;
        if (type == null) {
            throw new UnknownMessageTypeException(code);
        }
        return type;
    }
}
