package io.rkproxy.core.tls;

import io.rkproxy.core.config.TlsIdentities;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The identities of the verified client certificate of a TLS session, as a tenant's {@code tls-identity} names them. */
public final class ClientIdentities {

    private static final int EMAIL = 1;
    private static final int DNS = 2;
    private static final int URI = 6;
    private static final int IP = 7;

    private ClientIdentities() {
    }

    /** Empty when the client showed no certificate: its handshake succeeding means any it showed verified. */
    public static List<String> of(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            return List.of();
        }
        return of(certificate);
    }

    /**
     * Every common name of the subject, each value of a multi-valued RDN ({@code CN=zed+CN=alice}) included, then the
     * alternative names: a subject with several common names names several identities.
     */
    static List<String> of(X509Certificate certificate) {
        List<String> identities = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                Attribute commonNames = rdn.toAttributes().get("CN");
                if (commonNames != null) {
                    for (NamingEnumeration<?> values = commonNames.getAll(); values.hasMore(); ) {
                        identities.add(TlsIdentities.COMMON_NAME + values.next());
                    }
                }
            }
        } catch (NamingException e) {
            // a subject the JDK wrote itself always parses; without it only the alternative names count
        }
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                names.forEach(name -> alternativeName(name, identities));
            }
        } catch (CertificateParsingException e) {
            // no usable alternative names
        }
        return identities;
    }

    private static void alternativeName(List<?> name, List<String> identities) {
        String prefix = switch ((Integer) name.get(0)) {
            case EMAIL -> TlsIdentities.EMAIL;
            case DNS -> TlsIdentities.DNS;
            case URI -> TlsIdentities.URI;
            case IP -> TlsIdentities.IP;
            default -> null;
        };
        if (prefix != null && name.get(1) instanceof String value) {
            identities.add(prefix + value);
        }
    }
}
