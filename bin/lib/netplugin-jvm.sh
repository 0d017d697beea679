# The JVM options netplugin runs with (sourced by bin/netplugin and netplugin/e2e/*.sh; the README's systemd
# unit spells out the same). A daemon on the critical path of container starts, not a throughput job:
#   -Xmx96m                  its state is small; without a cap the heap grows as the JVM likes on a big machine
#   -XX:+UseSerialGC         no parallel GC threads and their memory for a heap this size
#   -XX:TieredStopAtLevel=1  C1 only: each call is milliseconds of I/O-bound work, and C2's compiler threads
#                            cost tens of MB of RSS (measured: 119 MB -> 98 MB idle after 40 endpoints)
#   -XX:GuaranteedSafepointInterval=0 (diagnostic)  no stop-the-world "Cleanup" safepoint every second when
#                            nothing needs one: while containers start, one waited 81 ms for a descheduled
#                            thread to reach it, and every call stood still meanwhile (-Xlog:safepoint)
# NETPLUGIN_JAVA_OPTS, when set, replaces them.
NETPLUGIN_JAVA_OPTS=${NETPLUGIN_JAVA_OPTS:--Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0}
