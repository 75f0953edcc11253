package io.rkproxy.client.discovery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a node's address from its registration znode, leniently. */
class ProxyNodeTest {

    private static Optional<ProxyNode> parse(String data) {
        return ProxyNode.fromRegistration("n1", data == null ? null : data.getBytes(UTF_8));
    }

    @Test
    void readsTheAddressOfRkproxysBlockYaml() {
        assertEquals(Optional.of(new ProxyNode("n1", "10.0.0.7", 6380)),
                parse("address: 10.0.0.7:6380\nversion: 0.1.0-SNAPSHOT\nstarted: 1763720000000\n"));
        assertEquals(Optional.of(new ProxyNode("n1", "proxy-a.internal", 6380)),
                parse("version: '1.2'\naddress: 'proxy-a.internal:6380'\n"));
    }

    @Test
    void readsTheAddressOfFlowYamlAndJson() {
        Optional<ProxyNode> node = Optional.of(new ProxyNode("n1", "10.0.0.7", 6380));
        assertEquals(node, parse("{address: \"10.0.0.7:6380\", started: 1}"));
        assertEquals(node, parse("{\"started\":1,\"address\":\"10.0.0.7:6380\"}"));
    }

    @Test
    void readsBracketedAndBareIpv6Addresses() {
        assertEquals(Optional.of(new ProxyNode("n1", "::1", 6380)), parse("address: \"[::1]:6380\""));
        assertEquals(Optional.of(new ProxyNode("n1", "0:0:0:0:0:0:0:1", 6380)), parse("address: 0:0:0:0:0:0:0:1:6380"));
    }

    @Test
    void ignoresDataWithoutAUsableAddress() {
        assertEquals(Optional.empty(), parse(null));
        assertEquals(Optional.empty(), parse(""));
        assertEquals(Optional.empty(), parse("version: 1\nstarted: 2\n"));
        assertEquals(Optional.empty(), parse("address: no-port"));
        assertEquals(Optional.empty(), parse("address: host:99999"));
        assertEquals(Optional.empty(), parse("ipaddress: 10.0.0.7:6380"));
    }

    @Test
    void addressIsHostColonPort() {
        assertEquals("10.0.0.7:6380", new ProxyNode("n1", "10.0.0.7", 6380).address());
    }
}
