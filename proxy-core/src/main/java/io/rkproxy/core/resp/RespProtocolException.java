package io.rkproxy.core.resp;

import io.netty.handler.codec.DecoderException;

/**
 * Input that cannot be framed as RESP. The decoder that throws it discards all further input, so the handler
 * should reply with {@link #redisError()} and close the connection.
 */
public final class RespProtocolException extends DecoderException {

    /**
     * @param redisError the error reply text without the leading {@code -},
     *                   e.g. {@code "ERR Protocol error: invalid multibulk length"}
     */
    public RespProtocolException(String redisError) {
        super(redisError);
    }

    /** The error reply text without the leading {@code -}. */
    public String redisError() {
        return getMessage();
    }
}
