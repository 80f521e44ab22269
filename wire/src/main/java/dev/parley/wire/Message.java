package dev.parley.wire;

/** The body of a frame. Every variant is a record in this package; {@link MessageType} maps codes to readers. */
public sealed interface Message permits
        SignUp, SignIn, Resume, SignOut, PublishKeys, FetchBundle, Send, SendGroup, Ack, ListUsers, SetPresence,
        CreateGroup, JoinGroup, LeaveGroup, ListGroups, ListMembers, Ping,
        OpenBlobStream, BlobCreate, BlobStat, BlobWrite, BlobRead, BlobFetched,
        Ok, Error, SignedIn, Bundle, Accepted, UserList, GroupList, MemberList, Pong, GroupInfo, BlobStatus, BlobData,
        Deliver, Receipt, PresenceUpdate, MembershipChanged, KeysLow, QueueDrained {

    MessageType type();

    void write(WireWriter writer);
}
