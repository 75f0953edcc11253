package io.rkproxy.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console connection. Requests are answered on the console's executor, not on the event loop: the loops are
 * the proxy's own, shared with client traffic, and a reload blocks. Replies are written in request order, as
 * HTTP/1.1 pipelining wants.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final Router router;
    private final Executor executor;
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    AdminHandler(Router router, Executor executor) {
        this.router = router;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (request.decoderResult().isFailure()) {
            reply(ctx, version, CompletableFuture.completedFuture(
                    Reply.error(HttpResponseStatus.BAD_REQUEST, "malformed request")
                            .withHeader(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE.toString())));
            return;
        }
        Request routed = request(ctx, request);
        reply(ctx, version, previous.thenApplyAsync(done -> router.dispatch(routed), executor));
    }

    private static Request request(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<String, String> headers = new HashMap<>();
        for (String name : List.of(Request.AUTHORIZATION, Request.CONSOLE, Request.OPERATOR,
                Request.HOST, Request.ORIGIN)) {
            String value = request.headers().get(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(ctx.channel().remoteAddress());
        return new Request(request.method(), uri.path(), uri.parameters(), headers,
                request.content().toString(StandardCharsets.UTF_8), client);
    }

    private void reply(ChannelHandlerContext ctx, HttpVersion version, CompletableFuture<Reply> reply) {
        previous = reply.exceptionally(e -> {
            log.warn("console request failed", e);
            return Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getCause());
        }).thenAccept(r -> ctx.writeAndFlush(r.toResponse(version)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("console connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
