package io.bridgelab.pcap.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What {@link CaptureFilter} refuses, and how it says so (what it accepts is CaptureFilterOracleTest's). */
class CaptureFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "port|must be followed by a value",
            "host foo|'foo' is no IPv4 address (host names are not resolved)",
            "(tcp|'(' without its ')'",
            "tcp and|the expression ends where a primitive should follow",
            "tcp[13] & 2 != 0|'tcp[13]' is not a supported primitive",
            "net 10.0.0.1/8|non-network bits set",
            "port 70000|'70000' is no port number",
            "port http|service names are not looked up",
            "portrange 80|give N-M",
            "tcp host 10.0.0.1|'tcp host' is not supported",
            "vlan 10|'vlan' is not a supported primitive",
            "ether host 02:42:ac:11:00|is no MAC address",
            "tcp )|syntax error at ')'",
            "host 10.0.0.300|300 is out of range"})
    void refusesWithAReason(String expression, String message) {
        assertThatThrownBy(() -> CaptureFilter.parse(expression))
                .isInstanceOf(CaptureFilter.FilterException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"''", "'   '"})
    void anEmptyExpressionMatchesEverything(String expression) {
        assertThat(CaptureFilter.parse(expression).matches(new byte[0], 0)).isTrue();
    }
}
