package dev.parley.server.routing;

/** The queue limits the routing operations enforce. */
public record RoutingLimits(int maxQueuedPerUser, long maxQueuedBytesPerUser, int dedupPerSender, boolean groupReceipts) {
    boolean hasRoom(dev.parley.server.state.Account recipient, int bytes) {
        return recipient.queued < maxQueuedPerUser && recipient.queuedBytes + bytes <= maxQueuedBytesPerUser;
    }
}
