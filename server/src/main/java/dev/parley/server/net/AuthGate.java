package dev.parley.server.net;

import dev.parley.server.protocol.Texts;
import dev.parley.server.state.Account;
import dev.parley.server.state.Connection;
import dev.parley.wire.ErrorCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Message;
import dev.parley.wire.Ping;
import dev.parley.wire.Resume;
import dev.parley.wire.SignIn;
import dev.parley.wire.SignUp;

/**
 * Before sign-in only SignUp, SignIn, Resume and Ping pass (one sign-in at a time); everything else
 * gets NOT_SIGNED_IN. After sign-in the three sign-in requests get ALREADY_SIGNED_IN. Stateless; the
 * first check of {@link ConnectionHandler}.
 */
final class AuthGate {
    private AuthGate() {
    }

    /** Whether the request goes on; if not, it has been answered. Event loop only. */
    static boolean admits(Connection connection, Frame frame) {
        Message message = frame.message();
        if (message instanceof Ping) {
            return true;
        }
        boolean signInRequest = message instanceof SignUp || message instanceof SignIn || message instanceof Resume;
        Account account = connection.account();
        if (account == null) {
            if (!signInRequest) {
                connection.fail(frame.id(), ErrorCode.NOT_SIGNED_IN, Texts.NOT_SIGNED_IN);
                return false;
            }
            if (connection.authenticating) {
                connection.fail(frame.id(), ErrorCode.BAD_REQUEST, Texts.SIGN_IN_IN_PROGRESS);
                return false;
            }
            connection.triedSignIn = true;
            return true;
        }
        if (signInRequest) {
            connection.fail(frame.id(), ErrorCode.ALREADY_SIGNED_IN, Texts.alreadySignedIn(account.name()));
            return false;
        }
        return true;
    }
}
