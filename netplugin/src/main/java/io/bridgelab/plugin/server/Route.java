package io.bridgelab.plugin.server;

import io.bridgelab.plugin.api.ErrorResponse;
import io.bridgelab.plugin.api.IpamErrorResponse;
import io.bridgelab.plugin.api.ProtocolException;
import io.bridgelab.plugin.api.ProtocolJson;

/**
 * One protocol call: how to read its request and call the driver. {@code ipam} decides the error shape,
 * because libnetwork's IPAM client reads {@code Error} where the network driver client reads {@code Err}.
 *
 * <p>{@code inline}: the call answers from memory and never blocks, so the event loop that read the
 * request runs it and writes the answer itself. A call handed to a call thread costs two thread wake-ups
 * more (a call thread, then the event loop again to write), and while containers start each wake-up can
 * wait tens of ms for a CPU: EndpointOperInfo, 100 of the 250 calls of 50 parallel {@code docker run},
 * logged up to 55 ms of "thread wait" with 0 ms CPU.
 */
public record Route(String path, boolean ipam, boolean inline, Call call) {

    /** Reads the body and calls the driver; returns the reply object. */
    @FunctionalInterface
    public interface Call {
        Object invoke(byte[] body) throws ProtocolException;
    }

    public Object errorBody(String message) {
        return ipam ? new IpamErrorResponse(message) : new ErrorResponse(message);
    }

    static <T> Call typed(Class<T> type, java.util.function.Function<T, Object> handler) {
        return body -> handler.apply(ProtocolJson.read(body, type));
    }
}
