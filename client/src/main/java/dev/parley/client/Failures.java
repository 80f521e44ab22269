package dev.parley.client;

import dev.parley.client.ParleyException.Reason;
import dev.parley.client.connection.Endpoint;
import dev.parley.client.connection.ServerCertificateChangedException;
import dev.parley.client.connection.ServerErrorException;
import dev.parley.client.core.Requests;
import dev.parley.client.store.StoreException;
import dev.parley.crypto.CryptoException;
import dev.parley.wire.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where what went wrong inside the library becomes a {@link ParleyException} with a sentence. */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static ParleyException translate(Throwable failure, Endpoint server) {
        Throwable e = failure;
        while ((e instanceof java.util.concurrent.ExecutionException
                || e instanceof java.util.concurrent.CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return switch (e) {
            case ParleyException already -> already;
            case ServerErrorException refused -> fromServer(refused.code(), refused.getMessage(), refused);
            case ServerCertificateChangedException changed ->
                    new ParleyException(Reason.CERTIFICATE_CHANGED, changed.getMessage(), null, changed);
            case Requests.RequestTimeoutException timeout ->
                    new ParleyException(Reason.TIMEOUT, "the server at " + server + " did not answer in time", null,
                            timeout);
            case UnknownHostException unknown ->
                    new ParleyException(Reason.UNREACHABLE, "the server's host name '" + server.host() + "' is unknown", null, unknown);
            case ConnectException refused -> unreachable(server, refused);
            case NoRouteToHostException noRoute -> unreachable(server, noRoute);
            case SocketTimeoutException slow -> unreachable(server, slow);
            case SSLException tls -> new ParleyException(Reason.UNREACHABLE, "the secure connection to " + server
                    + " failed: " + tls.getMessage(), null, tls);
            case IOException io -> new ParleyException(Reason.UNREACHABLE, "not connected to the server at " + server
                    + " right now", null, io);
            case StoreException store -> {
                log.error("client store failed", store);
                yield new ParleyException(Reason.STORAGE, "the client's data folder failed: "
                        + rootMessage(store), null, store);
            }
            case IllegalArgumentException invalid ->
                    new ParleyException(Reason.INVALID_INPUT, sentence(invalid.getMessage()), null, invalid);
            case CryptoException crypto -> {
                log.warn("crypto failure", crypto);
                yield new ParleyException(Reason.INTERNAL, "the message could not be encrypted or decrypted", null,
                        crypto);
            }
            case InterruptedException interrupted -> {
                Thread.currentThread().interrupt();
                yield new ParleyException(Reason.INTERNAL, "interrupted", null, interrupted);
            }
            default -> {
                log.error("unexpected failure", e);
                yield new ParleyException(Reason.INTERNAL, "something went wrong inside the client;"
                        + " the details are in its log", null, e);
            }
        };
    }

    private static ParleyException unreachable(Endpoint server, IOException cause) {
        return new ParleyException(Reason.UNREACHABLE, "cannot reach the server at " + server + "; is it running?",
                null, cause);
    }

    static ParleyException fromServer(ErrorCode code, String message, Throwable cause) {
        Reason reason = switch (code) {
            case WRONG_CREDENTIALS -> Reason.WRONG_CREDENTIALS;
            case USERNAME_TAKEN -> Reason.USERNAME_TAKEN;
            case INVALID_NAME, BAD_REQUEST, TOO_LARGE -> Reason.INVALID_INPUT;
            case NOT_SIGNED_IN -> Reason.NOT_SIGNED_IN;
            case SESSION_EXPIRED -> Reason.SESSION_EXPIRED;
            default -> Reason.REFUSED;
        };
        String sentence = message == null || message.isBlank() ? defaultSentence(code) : sentence(message);
        return new ParleyException(reason, sentence, code, cause);
    }

    private static String defaultSentence(ErrorCode code) {
        return switch (code) {
            case WRONG_CREDENTIALS -> "wrong username or password";
            case USERNAME_TAKEN -> "that username is taken";
            case UNKNOWN_USER -> "there is no such user";
            case UNKNOWN_GROUP -> "there is no such group";
            case GROUP_EXISTS -> "that group already exists";
            case NOT_A_MEMBER -> "you are not a member of that group";
            case RATE_LIMITED -> "too many requests; wait a moment and try again";
            case SESSION_EXPIRED -> "your session has expired; sign in again";
            default -> "the server refused the request (" + code.name().toLowerCase(java.util.Locale.ROOT) + ").";
        };
    }

    /**
     * Sentences follow the server's style: they start in lower case and end without a full stop, so a
     * user interface can put them after "error: " or capitalise them as it likes.
     */
    static String sentence(String text) {
        String s = text == null || text.isBlank() ? "something went wrong" : text.strip();
        return s.endsWith(".") && !s.endsWith("..") ? s.substring(0, s.length() - 1) : s;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
