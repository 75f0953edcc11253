package io.rkproxy.redis.cluster;

import io.netty.channel.EventLoop;
import io.rkproxy.core.backend.ReplyCallback;
import io.rkproxy.core.config.Address;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.resp.RespCommand;
import java.util.Optional;

/**
 * What the commands a session's {@link ClusterLink} hands on (split per slot, sent to every master, computed on
 * copies, redirected) need of it: ways into the cluster, and its slot map. Used only from {@link #loop()}.
 */
interface ClusterRoute {

    /** Sends to the owner of {@code slot}, following redirections; takes ownership of {@code command}. */
    void sendToSlot(int slot, RespCommand command, ReplyCallback callback);

    /** Sends to one node as it is, without following redirections; takes ownership of {@code command}. */
    void sendTo(Address node, RespCommand command, ReplyCallback callback);

    /** Sends a command that lists or counts keys (KEYS, SCAN, DBSIZE, RANDOMKEY) to one node. */
    void sendKeyspaceQuery(Address node, RespCommand command, ReplyCallback callback);

    /** The protocol of the session: the one replies the proxy writes itself are in. */
    Protocol protocol();

    /** The key prefix of the tenant whose commands this route carries. */
    String keyPrefix();

    /** The pool's name, for its errors. */
    String poolName();

    /** The master of {@code slot} in the current slot map, or empty while none serves it. */
    Optional<Address> masterOf(int slot);

    /** Records, as a MOVED reply says, that {@code master} now serves {@code slot}; asks for a refresh. */
    void moved(int slot, Address master);

    /** Asks for a refresh of the slot map, as when a node cannot be reached. */
    void refresh();

    EventLoop loop();
}
