package io.bridgelab.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolJsonTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsCreateNetworkAsDockerSendsIt() throws Exception {
        String json = """
                {"NetworkID":"995e2caec5d2aaaa","Options":{"com.docker.network.enable_ipv6":false,
                 "com.docker.network.generic":{"com.docker.network.bridge.name":"br-test"}},
                 "IPv4Data":[{"AddressSpace":"LocalDefault","Pool":"172.20.0.0/16","Gateway":"172.20.0.1/16",
                 "AuxAddresses":null}],"IPv6Data":[],"SomethingNewer":1}""";
        CreateNetworkRequest r = ProtocolJson.read(b(json), CreateNetworkRequest.class);
        assertThat(r.networkId()).isEqualTo("995e2caec5d2aaaa");
        assertThat(r.ipv4Data()).containsExactly(new IpamData("LocalDefault", "172.20.0.0/16", "172.20.0.1/16", Map.of()));
        assertThat(r.options()).containsEntry("com.docker.network.generic",
                Map.of("com.docker.network.bridge.name", "br-test"));
        assertThat(r.ipv6Data()).isEmpty();
    }

    @Test
    void nullsBecomeEmptyCollections() throws Exception {
        CreateNetworkRequest r = ProtocolJson.read(b("{\"NetworkID\":\"n\",\"Options\":null,\"IPv4Data\":null}"),
                CreateNetworkRequest.class);
        assertThat(r.options()).isEmpty();
        assertThat(r.ipv4Data()).isEmpty();
        CreateEndpointRequest e = ProtocolJson.read(b("{\"NetworkID\":\"n\",\"EndpointID\":\"e\",\"Interface\":null}"),
                CreateEndpointRequest.class);
        assertThat(e.endpointInterface().isEmpty()).isTrue();
    }

    @Test
    void emptyBodyIsAnEmptyObject() throws Exception {
        assertThat(ProtocolJson.read(new byte[0], NetworkRequest.class)).isEqualTo(new NetworkRequest(null));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> ProtocolJson.read(b("{\"NetworkID\": \"n\",\n  \"Options\": {,}}"),
                CreateNetworkRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("malformed JSON at line 2, column 15");
    }

    @Test
    void bytesThatAreNotUtf8NameTheirOffset() {
        // NUL bytes once made Jackson guess UTF-32 and report an error without a position.
        assertThatThrownBy(() -> ProtocolJson.read(new byte[] {'{', 0, 0, 0, '}'}, NetworkRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("malformed JSON at line 1, column ")
                .hasMessageContaining("CTRL-CHAR, code 0");
        byte[] latin1 = "{\"NetworkID\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ProtocolJson.read(latin1, NetworkRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("malformed JSON at byte 17: not UTF-8 (0xe9)");
        assertThatThrownBy(() -> ProtocolJson.read(new byte[] {'{', (byte) 0xc3}, NetworkRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("malformed JSON at byte 1: not UTF-8 (0xc3)");
    }

    @Test
    void whitespaceOnlyIsNotAnEmptyBody() {
        assertThatThrownBy(() -> ProtocolJson.read(b(" \n\t"), NetworkRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("malformed JSON: the body is 3 bytes of whitespace, expected an object");
    }

    @Test
    void typeErrorNamesTheField() {
        assertThatThrownBy(() -> ProtocolJson.read(b("{\"IPv4Data\":[{\"Pool\":{\"x\":1}}]}"),
                CreateNetworkRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("field IPv4Data[0].Pool:");
        assertThatThrownBy(() -> ProtocolJson.read(b("[1,2]"), NetworkRequest.class))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("NetworkRequest");
        assertThatThrownBy(() -> ProtocolJson.read(b("null"), NetworkRequest.class))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> ProtocolJson.read(b("{} {}"), NetworkRequest.class))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("malformed JSON");
    }

    @Test
    void writesPascalCaseAndOmitsEmptyFields() {
        String join = new String(ProtocolJson.write(new JoinResponse(new InterfaceName("npc1", "eth"), "172.20.0.1",
                null, List.of(), false)), StandardCharsets.UTF_8);
        assertThat(join).isEqualTo("{\"InterfaceName\":{\"SrcName\":\"npc1\",\"DstPrefix\":\"eth\"},"
                + "\"Gateway\":\"172.20.0.1\",\"DisableGatewayService\":false}");
        assertThat(new String(ProtocolJson.write(new CreateEndpointResponse(
                new EndpointInterface("", null, "02:42:ac:14:00:02"))), StandardCharsets.UTF_8))
                .isEqualTo("{\"Interface\":{\"MacAddress\":\"02:42:ac:14:00:02\"}}");
        assertThat(new String(ProtocolJson.write(EmptyResponse.INSTANCE), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(new String(ProtocolJson.write(CapabilitiesResponse.LOCAL), StandardCharsets.UTF_8))
                .isEqualTo("{\"Scope\":\"local\",\"ConnectivityScope\":\"local\"}");
        assertThat(new String(ProtocolJson.write(new IpamErrorResponse("x")), StandardCharsets.UTF_8))
                .isEqualTo("{\"Error\":\"x\"}");
    }

    @Test
    void portmapEntriesConvert() {
        List<?> raw = List.of(Map.of("Proto", 6, "IP", "", "Port", 80, "HostIP", "", "HostPort", 8080,
                "HostPortEnd", 8080));
        PortBinding p = ProtocolJson.mapper().convertValue(raw.get(0), PortBinding.class);
        assertThat(p).isEqualTo(new PortBinding(6, "", 80, "", 8080, 8080));
    }

    @Test
    void gatewayRequestIsRecognised() throws Exception {
        RequestAddressRequest r = ProtocolJson.read(b("{\"PoolID\":\"p\",\"Address\":\"\","
                + "\"Options\":{\"RequestAddressType\":\"com.docker.network.gateway\"}}"), RequestAddressRequest.class);
        assertThat(r.isGatewayRequest()).isTrue();
    }
}
