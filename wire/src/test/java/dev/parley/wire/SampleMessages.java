package dev.parley.wire;

import java.util.List;

/** One instance of every message type, with non-trivial field values. */
final class SampleMessages {
    private SampleMessages() {
    }

    static final OneTimePreKey PREKEY = new OneTimePreKey(7, new byte[] {1, 2, 3});
    static final KeyUpload KEYS = new KeyUpload(new byte[64], new byte[] {9, 9}, List.of(PREKEY, new OneTimePreKey(8, new byte[32])));

    static List<Message> all() {
        return List.of(
                new SignUp("alice", "correct horse", KEYS),
                new SignIn("alice", "pässwörd"),
                new Resume("alice", new byte[32]),
                new SignOut(),
                new PublishKeys(KEYS),
                new FetchBundle("bob"),
                new Send("bob", 42L, "ciphertext".getBytes()),
                new SendGroup("friends", -1L, new byte[0]),
                new Ack(List.of(1L, 2L, Long.MAX_VALUE)),
                new ListUsers(),
                new SetPresence(Presence.AWAY),
                new CreateGroup("friends"),
                new JoinGroup("friends"),
                new LeaveGroup("friends"),
                new ListGroups(),
                new ListMembers("friends"),
                new Ping(123),
                new OpenBlobStream("alice", new byte[32]),
                new BlobCreate(1L << 31, List.of("bob", "carol")),
                new BlobStat("0123456789abcdef0123456789abcdef"),
                new BlobWrite("0123456789abcdef0123456789abcdef", 65_536, new byte[100]),
                new BlobRead("0123456789abcdef0123456789abcdef", 0, 262_144),
                new BlobFetched("0123456789abcdef0123456789abcdef"),
                new Ok(),
                new Error(ErrorCode.WRONG_CREDENTIALS, "wrong username or password"),
                new SignedIn("alice", new byte[32], 99),
                new Bundle("bob", new byte[64], new byte[100], true, PREKEY),
                new Accepted(5, 1_700_000_000_000L),
                new UserList(List.of(new UserPresence("alice", Presence.ONLINE, 0), new UserPresence("bob", Presence.OFFLINE, 17))),
                new GroupList(List.of(new GroupSummary("friends", 3))),
                new MemberList("friends", List.of("alice", "bob")),
                new Pong(123),
                new GroupInfo("friends", 4, true),
                new BlobStatus("0123456789abcdef0123456789abcdef", 1000, 500),
                new BlobData("0123456789abcdef0123456789abcdef", 500, new byte[500]),
                new Deliver(5, "alice", "", 1_700_000_000_000L, new byte[] {1}),
                new Receipt(5, "bob", 1_700_000_000_001L),
                new PresenceUpdate(new UserPresence("carol", Presence.AWAY, 5)),
                new MembershipChanged("friends", "dave", false, List.of("alice")),
                new KeysLow(3),
                new QueueDrained());
    }
}
