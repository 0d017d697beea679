package io.bridgelab.pcap.print;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Port names as tcpdump without -n takes them from services(5): the first name for a port and protocol. */
class ServiceNamesTest {

    @Test
    void namesTheFirstServiceListedForAPortAndProtocol() {
        ServiceNames names = ServiceNames.parse(List.of(
                "# comment", "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP", "www-alt 80/tcp", "domain 53/udp",
                "domain 53/tcp", "bogus line", "bad 99999/tcp", "x notaport/tcp", "radan-http 8088/tcp"));
        assertThat(names.tcp(80)).isEqualTo("http");
        assertThat(names.tcp(8088)).isEqualTo("radan-http");
        assertThat(names.udp(53)).isEqualTo("domain");
        assertThat(names.udp(80)).isEqualTo("80");
        assertThat(names.tcp(99999 & 0xffff)).isEqualTo(Integer.toString(99999 & 0xffff));
        assertThat(ServiceNames.NUMERIC.tcp(80)).isEqualTo("80");
    }
}
