/**
 * RESP framing and the few RESP value types the proxy needs.
 *
 * <p>Buffer ownership follows Netty's rule: whoever receives a frame ({@link io.rkproxy.core.resp.RespCommand} or a
 * reply {@link io.netty.buffer.ByteBuf}) owns one reference and either releases it or hands it on.
 */
package io.rkproxy.core.resp;
