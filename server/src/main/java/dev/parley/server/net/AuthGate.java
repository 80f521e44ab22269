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
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Before sign-in only SignUp, SignIn, Resume and Ping pass (one sign-in at a time); everything else
 * gets NOT_SIGNED_IN. After sign-in the three sign-in requests get ALREADY_SIGNED_IN. Shared.
 */
@Sharable
public final class AuthGate extends ChannelInboundHandlerAdapter {
    public static final AuthGate INSTANCE = new AuthGate();

    private AuthGate() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        Message message = frame.message();
        Connection connection = Connection.of(ctx.channel());
        if (message instanceof Ping) {
            ctx.fireChannelRead(frame);
            return;
        }
        boolean signInRequest = message instanceof SignUp || message instanceof SignIn || message instanceof Resume;
        Account account = connection.account();
        if (account == null) {
            if (!signInRequest) {
                connection.fail(frame.id(), ErrorCode.NOT_SIGNED_IN, Texts.NOT_SIGNED_IN);
            } else if (connection.authenticating) {
                connection.fail(frame.id(), ErrorCode.BAD_REQUEST, Texts.SIGN_IN_IN_PROGRESS);
            } else {
                connection.triedSignIn = true;
                ctx.fireChannelRead(frame);
            }
            return;
        }
        if (signInRequest) {
            connection.fail(frame.id(), ErrorCode.ALREADY_SIGNED_IN, Texts.alreadySignedIn(account.name()));
            return;
        }
        ctx.fireChannelRead(frame);
    }
}
