package io.rkproxy.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rkproxy.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The identities a client certificate made by the openssl CLI shows, as tenants' {@code tls-identity} name them. */
class ClientIdentitiesTest {

    private static TestCertificates certificates;

    @BeforeAll
    static void create() {
        certificates = TestCertificates.create();
    }

    private static List<String> identities(TestCertificates.Issued issued) throws IOException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(issued.cert())) {
            return ClientIdentities.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
    }

    @Test
    void theCommonNameAndEveryAlternativeNameAreIdentities() throws Exception {
        assertEquals(List.of("CN=bob", "DNS:bob.example", "URI:spiffe://test/bob"),
                identities(certificates.issueClient("bob", "DNS:bob.example", "URI:spiffe://test/bob")));
    }

    @Test
    void everyCommonNameOfAMultiValuedRdnIsAnIdentity() throws Exception {
        assertEquals(List.of("CN=alice", "CN=zed"), identities(certificates.issueClientWithSubject("/CN=zed+CN=alice"))
                .stream().sorted().toList());
    }

    @Test
    void commonNamesInSeveralRdnsAreIdentitiesToo() throws Exception {
        assertEquals(List.of("CN=alice", "CN=zed"),
                identities(certificates.issueClientWithSubject("/O=test/CN=zed/CN=alice")).stream().sorted().toList());
    }
}
