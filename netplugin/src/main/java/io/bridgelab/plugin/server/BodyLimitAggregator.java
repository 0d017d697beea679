package io.bridgelab.plugin.server;

import io.bridgelab.plugin.api.ErrorResponse;
import io.bridgelab.plugin.api.ProtocolJson;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Netty's aggregator with one change: its 413 reply has an empty body, which dockerd shows as an error
 * with no text, so this one answers with the protocol's error object ({@code Err}, or {@code Error} for
 * IPAM) naming the limit. When the connection is closed or kept is Netty's choice, unchanged: closed unless
 * the client keeps it alive, in which case the aggregator discards the rest of the body.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final Routes routes;

    BodyLimitAggregator(Routes routes, int maxBodyBytes) {
        super(maxBodyBytes);
        this.routes = routes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest request)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        String path = request.uri();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        String message = path + ": request body over the limit of " + maxContentLength()
                + " bytes (serve --max-body)";
        Route route = routes.find(path);
        byte[] json = ProtocolJson.write(route != null ? route.errorBody(message) : new ErrorResponse(message));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(json));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, PluginHttpHandler.CONTENT_TYPE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        boolean close = oversized instanceof FullHttpMessage
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
