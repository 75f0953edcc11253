package io.rkproxy.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.rkproxy.core.config.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS listener's certificate, reloaded when its files change. New connections get the newest certificate;
 * connections already open keep the one they shook hands with. Files that fail to load leave the old certificate
 * in place, with a warning, until they change again.
 */
public final class ServerCertificates {

    private static final Logger log = LoggerFactory.getLogger(ServerCertificates.class);

    private final ServerTls tls;
    private volatile SslContext context;
    /** The files as they were when last read. */
    private List<FileStamp> stamp;

    /** What tells that a file changed: a deployment tool's rename over it changes both, an edit at least one. */
    private record FileStamp(FileTime modified, long size) {
    }

    private ServerCertificates(ServerTls tls, SslContext context, List<FileStamp> stamp) {
        this.tls = tls;
        this.context = context;
        this.stamp = stamp;
    }

    /** Loads the certificate; a bad one stops the proxy from starting. */
    public static ServerCertificates load(ServerTls tls) throws IOException, GeneralSecurityException {
        List<FileStamp> stamp = stamp(tls);
        return new ServerCertificates(tls, TlsContexts.server(tls), stamp);
    }

    public ServerTls config() {
        return tls;
    }

    /** The handler that serves one new connection with the current certificate. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        return context.newHandler(alloc);
    }

    /** Reloads the certificate if its files changed since they were last read; call on a timer, one call at a time. */
    public void reloadIfChanged() {
        List<FileStamp> now;
        try {
            now = stamp(tls);
        } catch (IOException e) {
            log.warn("TLS certificate files unreadable ({}); still serving the certificate loaded before", e.toString());
            return;
        }
        if (now.equals(stamp)) {
            return;
        }
        stamp = now;
        try {
            context = TlsContexts.server(tls);
            log.info("TLS certificate reloaded from {}: serial {}", tls.certFile(),
                    PemKeyPair.certificates(tls.certFile()).get(0).getSerialNumber().toString(16));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.warn("TLS certificate files changed but do not load ({}); still serving the certificate loaded "
                    + "before", e.toString());
        }
    }

    private static List<FileStamp> stamp(ServerTls tls) throws IOException {
        List<FileStamp> stamp = new ArrayList<>();
        for (Path file : Stream.concat(Stream.of(tls.certFile(), tls.keyFile()), tls.caFile().stream()).toList()) {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp.add(new FileStamp(attributes.lastModifiedTime(), attributes.size()));
        }
        return stamp;
    }
}
