package dev.parley.client.core;

import dev.parley.client.account.Account;
import dev.parley.client.events.ClientEvent;
import dev.parley.client.events.EventBus;
import java.time.Clock;

/** What the parts of a signed-in client share: the account's store, the server, events, the worker. */
public record Context(Account account, Requests server, EventBus events, Worker worker, Clock clock) {

    public String self() {
        return account.username();
    }

    public void publish(ClientEvent event) {
        events.publish(event);
    }
}
