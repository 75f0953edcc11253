package io.rkproxy.core.session;

import io.rkproxy.core.RespErrors;
import io.rkproxy.core.config.TenantConfig;
import io.rkproxy.core.net.ReadThrottle;
import io.rkproxy.core.resp.Protocol;
import io.rkproxy.core.route.ClientInfo;
import io.rkproxy.core.route.ConnectionState;
import io.rkproxy.core.runtime.Authenticator;
import io.rkproxy.core.runtime.ClientAddress;
import io.rkproxy.core.runtime.ProxyRuntime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a session becomes a tenant's and stops being one: AUTH (delayed after failures), the open default tenant, and
 * RESET. Used only from the session's event loop.
 */
final class SessionAuth {

    private static final Logger log = LoggerFactory.getLogger(SessionAuth.class);

    private final ProxyRuntime runtime;
    private final ClientInfo client;
    private final TenantBinding binding;
    private final SessionStatus status;
    private final ConnectionState connection;
    private final ReadThrottle throttle;
    private final Consumer<String> closeAfter;
    /** The identities of the client certificate the connection showed on the TLS listener; empty without one. */
    private List<String> certificate = List.of();

    SessionAuth(ProxyRuntime runtime, ClientInfo client, TenantBinding binding, SessionStatus status,
                ConnectionState connection, ReadThrottle throttle, Consumer<String> closeAfter) {
        this.runtime = runtime;
        this.client = client;
        this.binding = binding;
        this.status = status;
        this.connection = connection;
        this.throttle = throttle;
        this.closeAfter = closeAfter;
    }

    /**
     * Authenticates, then runs {@code then} with the error to reply with, or empty on success. An AUTH the
     * {@link Authenticator} delays waits on a timer, and nothing after it runs meanwhile.
     */
    void authenticate(Optional<String> username, byte[] password, Consumer<Optional<String>> then) {
        InetSocketAddress remote = (InetSocketAddress) client.channel().remoteAddress();
        InetAddress from = remote == null ? null : ClientAddress.of(remote.getAddress());
        Duration delay = runtime.authenticator().delay(runtime.snapshot(), username, from);
        if (delay.isZero()) {
            then.accept(authenticateNow(username, password, from));
            return;
        }
        status.transitionTo(SessionState.AUTHENTICATING);
        InputPause.run(client.channel(), throttle, delay, () -> {
            if (status.get().closing()) {
                then.accept(Optional.of(RespErrors.CLOSING));
                return;
            }
            Optional<String> error = authenticateNow(username, password, from);
            status.finish(SessionState.AUTHENTICATING, binding.bound());
            then.accept(error);
        });
    }

    private Optional<String> authenticateNow(Optional<String> username, byte[] password, InetAddress from) {
        Authenticator.Result result = runtime.authenticator().authenticate(runtime.snapshot(), username, password,
                from);
        if (result.tenant().isEmpty()) {
            log.info("session {} from {}: AUTH refused: {}", client.id(), client.channel().remoteAddress(),
                    result.error());
            return Optional.of(result.error());
        }
        if (!bind(result.tenant().get(), SessionCredential.of(result.password()))) {
            return Optional.of(RespErrors.MAX_CLIENTS);
        }
        ProxyChannelInitializer.authenticated(client.channel(), runtime.server());
        return Optional.empty();
    }

    /**
     * Binds the session to {@code tenant}, which let it in with {@code credential}; false when the tenant's {@code
     * max-connections} is reached.
     */
    private boolean bind(TenantConfig tenant, SessionCredential credential) {
        boolean wasBound = binding.bound();
        TenantBinding.Outcome outcome = binding.become(tenant, credential);
        if (outcome == TenantBinding.Outcome.MAX_CONNECTIONS) {
            return false;
        }
        if (outcome == TenantBinding.Outcome.NEW_TENANT && wasBound) {
            connection.drop();
        }
        if (status.get() != SessionState.AUTHENTICATING) {
            status.transitionTo(SessionState.READY);
        }
        return true;
    }

    /**
     * The connection's TLS handshake verified the client certificate with {@code identities}: the tenant whose
     * {@code tls-identity} names it has the session, as if the client had sent AUTH. AUTH still works after it.
     */
    void certificateVerified(List<String> identities) {
        certificate = List.copyOf(identities);
        bindByCertificate();
    }

    /** Binds the session to the tenant its client certificate names; false when no single tenant does. */
    private boolean bindByCertificate() {
        if (certificate.isEmpty()) {
            return false;
        }
        List<TenantConfig> tenants = runtime.snapshot().config().tenantsByTlsIdentity(certificate);
        if (tenants.size() > 1) {
            log.warn("session {} from {}: client certificate {} names tenants {}; it must AUTH", client.id(),
                    client.channel().remoteAddress(), certificate, tenants.stream().map(TenantConfig::name).toList());
        }
        if (tenants.size() != 1) {
            return false;
        }
        if (!bind(tenants.get(0), new SessionCredential.Certificate(certificate))) {
            closeAfter.accept(RespErrors.MAX_CLIENTS);
            return false;
        }
        ProxyChannelInitializer.authenticated(client.channel(), runtime.server());
        return true;
    }

    /** A new connection, or one back from RESET, is the open default tenant's when the config has one. */
    void bindDefaultTenant() {
        runtime.snapshot().config().openDefaultTenant().ifPresent(t -> {
            if (!bind(t, SessionCredential.OPEN_DEFAULT)) {
                closeAfter.accept(RespErrors.MAX_CLIENTS);
            }
        });
    }

    /**
     * Back to a fresh connection's state: its client certificate's tenant, else the open default tenant if there is
     * one, else unauthenticated.
     */
    void reset() {
        connection.drop();
        client.protocol(Protocol.RESP2);
        client.clientName(null);
        binding.leave();
        if (status.get() == SessionState.READY) {
            status.transitionTo(SessionState.UNAUTHENTICATED);
        }
        if (!bindByCertificate()) {
            bindDefaultTenant();
        }
        if (!binding.bound()) {
            ProxyChannelInitializer.unauthenticatedAgain(client.channel(), runtime, closeAfter);
        }
    }
}
