package io.bridgelab.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values and expected cells as iptables 1.8.9 -nvL printed them (rulesets/kernel/counters). */
class CounterFormatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "0|    0 |0 ",
        "99999|99999 |99999 ",
        "100000| 100K |100K ",
        "100499| 100K |100K ",
        "100500| 101K |101K ",
        "9999499|9999K |9999K ",
        "9999500|  10M |10M ",
        "9999499999|  10G |10G ",
        "1234567890123|1235G |1235G ",
        "9999500000000|  10T |10T ",
        "12345678901234567|12346T |12346T ",
        "9223372036854775807|9223372T |9223372T ",
    })
    void unitsRoundLikeXtablesPrintNum(long value, String cell, String plain) {
        assertThat(CounterFormat.cell(value)).isEqualTo(cell);
        assertThat(CounterFormat.plain(value)).isEqualTo(plain);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {"1|       1 ", "123456789|123456789 "})
    void exactCellsAreEightWide(long value, String cell) {
        assertThat(CounterFormat.exactCell(value)).isEqualTo(cell);
    }

    @org.junit.jupiter.api.Test
    void theTopOfTheUnsignedRangeWrapsAsInC() {
        // 2^64-1 + 500 overflows to 499 in C, so iptables prints "0K"; we keep that arithmetic.
        assertThat(CounterFormat.cell(-1L)).isEqualTo("   0K ");
    }
}
