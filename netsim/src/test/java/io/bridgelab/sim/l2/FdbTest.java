package io.bridgelab.sim.l2;

import io.bridgelab.netfilter.packet.MacAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FdbTest {
    private static final MacAddress M = MacAddress.parse("02:42:ac:11:00:04");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void learnsAndFindsAMacBehindItsPort() {
        Fdb fdb = new Fdb(300);
        assertThat(fdb.learn(M, "veth1", 0)).isTrue();
        assertThat(fdb.lookup(M, 10 * SECOND).port()).isEqualTo("veth1");
    }

    @Test
    void refreshIsNotNewButAMoveIs() {
        Fdb fdb = new Fdb(300);
        fdb.learn(M, "veth1", 0);
        assertThat(fdb.learn(M, "veth1", SECOND)).isFalse();
        assertThat(fdb.learn(M, "veth2", 2 * SECOND)).isTrue();
        assertThat(fdb.lookup(M, 2 * SECOND).port()).isEqualTo("veth2");
    }

    @Test
    void entriesAgeOutAfterTheAgeingTimeWithoutTraffic() {
        Fdb fdb = new Fdb(300);
        fdb.learn(M, "veth1", 0);
        assertThat(fdb.lookup(M, 300 * SECOND)).isNotNull();
        assertThat(fdb.lookup(M, 301 * SECOND)).isNull();
        fdb.learn(M, "veth1", 301 * SECOND);
        assertThat(fdb.lookup(M, 600 * SECOND)).isNotNull();
    }

    @Test
    void localEntriesNeverAgeAndAreNotOverwrittenByLearning() {
        Fdb fdb = new Fdb(1);
        fdb.addLocal(M, "docker0");
        assertThat(fdb.learn(M, "veth1", 0)).isFalse();
        Fdb.Entry e = fdb.lookup(M, 1000 * SECOND);
        assertThat(e.local()).isTrue();
        assertThat(e.port()).isEqualTo("docker0");
    }
}
