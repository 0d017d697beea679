package io.bridgelab.plugin.server;

import io.bridgelab.plugin.api.ErrorResponse;
import io.bridgelab.plugin.api.IpamErrorResponse;
import io.bridgelab.plugin.api.ProtocolException;
import io.bridgelab.plugin.api.ProtocolJson;

/**
 * One protocol call: how to read its request and call the driver. {@code ipam} decides the error shape,
 * because libnetwork's IPAM client reads {@code Error} where the network driver client reads {@code Err}.
 */
public record Route(String path, boolean ipam, Call call) {

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
