package io.bridgelab.plugin.server;

import io.bridgelab.plugin.api.DriverException;
import io.bridgelab.plugin.api.ErrorResponse;
import io.bridgelab.plugin.api.ProtocolException;
import io.bridgelab.plugin.api.ProtocolJson;
import io.bridgelab.plugin.fault.CrashPoints;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers one aggregated request: {@code POST /Interface.Method} with a JSON body goes to its
 * {@link Route}; the reply is JSON with the plugin content type.
 *
 * <p>Status codes: a refusal (bad input, unknown network, a failed kernel change) is 200 with
 * {@code Err} (or {@code Error} for IPAM), because libnetwork's IPAM client only reads its error field
 * from a 200 reply. An unknown method is 404 (dockerd reads 404 on the external-connectivity calls as
 * "not implemented"), another HTTP method 405, a bug 500 with {@code Err}.
 *
 * <p>Threads: the handler sits on the event loop and hands each request to {@code calls}, a pool shared by
 * all connections, because a driver call blocks (driver lock, kernel, store); an inline route (see
 * {@link Route}) and an error the handler answers itself are answered on the event loop instead. Netty's own alternative, an
 * {@code EventExecutorGroup} on the handler, binds each connection to one thread for its life, so a call
 * on a new connection waited behind a slow call of an unrelated connection that happened to get the same
 * thread (calls logged 70-140 ms of "thread wait" with no CPU used while 50 containers started). Per
 * connection the requests still run one at a time and in order (HTTP/1.1 answers in request order): the
 * next one is handed over only when the previous one was answered.
 *
 * <p>Buffers: a request is retained while it waits or runs and released after its call; the response
 * buffer is handed to the pipeline, which releases it once written.
 */
public final class PluginHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1+json";
    private static final Logger LOG = Logger.getLogger(PluginHttpHandler.class.getName());

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private final Routes routes;
    private final Executor calls;
    /** This connection's requests not yet handed over; event loop only. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    /** A request of this connection is with {@link #calls}; event loop only. */
    private boolean busy;

    /** {@code calls} null runs each call on the event loop (tests with EmbeddedChannel). */
    public PluginHttpHandler(Routes routes, Executor calls) {
        this.routes = routes;
        this.calls = calls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (calls == null || (!busy && answersAtOnce(request))) {
            serve(ctx, request);
            return;
        }
        waiting.add(request.retain());
        if (!busy) {
            handOver(ctx);
        }
    }

    /**
     * A request whose answer needs no call thread: an inline route (see {@link Route}) or an error the
     * handler answers itself (undecodable request, unknown method).
     */
    private boolean answersAtOnce(FullHttpRequest request) {
        Route route = routes.find(path(request));
        return route == null || route.inline() || !request.decoderResult().isSuccess();
    }

    /**
     * On the event loop: answers this connection's waiting requests in order, the inline ones right here,
     * until one must go to a call thread; that one's end hands over again.
     */
    private void handOver(ChannelHandlerContext ctx) {
        FullHttpRequest next;
        while ((next = waiting.poll()) != null && answersAtOnce(next)) {
            try {
                serve(ctx, next);
            } finally {
                next.release();
            }
        }
        busy = next != null;
        if (next == null) {
            return;
        }
        FullHttpRequest call = next;
        try {
            calls.execute(() -> {
                try {
                    serve(ctx, call);
                } finally {
                    call.release();
                    try {
                        ctx.executor().execute(() -> handOver(ctx));
                    } catch (RejectedExecutionException e) {
                        // The event loop is shutting down with the server; nothing is left to hand over.
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // The server is shutting down: nobody will answer, so the connection goes.
            call.release();
            busy = false;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseWaiting();
    }

    private void releaseWaiting() {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            reply(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    new ErrorResponse("bad HTTP request: " + request.decoderResult().cause()));
            return;
        }
        String path = path(request);
        Route route = routes.find(path);
        if (route == null) {
            reply(ctx, request, HttpResponseStatus.NOT_FOUND, new ErrorResponse("unknown plugin method " + path));
            return;
        }
        if (!HttpMethod.POST.equals(request.method())) {
            reply(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    route.errorBody(path + " takes POST, not " + request.method()));
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        Object answer;
        HttpResponseStatus status = HttpResponseStatus.OK;
        // From receipt (ReceivedStamp), so waiting for a call thread counts too.
        long taken = System.nanoTime();
        long started = ReceivedStamp.of(request, taken);
        long cpu = CPU.getCurrentThreadCpuTime();
        CrashPoints.enter(path.substring(1));
        try {
            answer = route.call().invoke(body);
        } catch (ProtocolException e) {
            answer = route.errorBody(path.substring(1) + ": " + e.getMessage());
        } catch (DriverException e) {
            answer = route.errorBody(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "bug while serving " + path, e);
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            answer = route.errorBody("internal error in " + path.substring(1) + ": " + e);
        } finally {
            CrashPoints.leave();
        }
        // One line per call: the operator's record of what dockerd asked and how long the kernel took.
        if (LOG.isLoggable(Level.INFO)) {
            // Where a slow call's time went: waiting for a call thread, and CPU this thread used (the rest
            // is the driver lock, the kernel, the disk, or waiting for a CPU).
            LOG.info(path.substring(1) + " " + body.length + " B (thread wait " + (taken - started) / 1_000_000
                    + " ms, cpu " + (CPU.getCurrentThreadCpuTime() - cpu) / 1_000_000 + " ms) "
                    + (System.nanoTime() - started) / 1_000_000
                    + " ms" + (answer instanceof ErrorResponse e ? " Err: " + e.err()
                    : answer instanceof io.bridgelab.plugin.api.IpamErrorResponse e ? " Error: " + e.error() : ""));
        }
        reply(ctx, request, status, answer);
    }

    /** The request's path without its query. */
    private static String path(FullHttpRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query >= 0 ? uri.substring(0, query) : uri;
    }

    private static void reply(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                              Object body) {
        byte[] json = ProtocolJson.write(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.WARNING, "closing plugin connection", cause);
        ctx.close();
    }
}
