# The JVM options `netsim replay` runs with (sourced by bin/netsim and bench/run-netsim.sh, so the benchmark
# measures what a user runs). A replay is one thread simulating, one writing the captures, and the JIT's:
#   -XX:+UseSerialGC   the simulation allocates fast and keeps little (the conntrack table, the frames in flight),
#                      and the serial collector's young collections are short stop-the-world copies with no GC
#                      threads competing for the cores and no G1 write barriers in the simulating thread. Measured
#                      on 2 cores, 1M SYNs, a fresh JVM each, 3 runs alternated: 1 rule 283-373k packets/s with
#                      it, 218-315k with G1 (the default on a machine of 2 cores and 2 GB), 225-298k with the
#                      parallel collector; the simulating thread's CPU 2.25-2.96 s against 2.84-4.03 s with G1.
#                      With every conntrack entry kept (1M, -Xmx1g) it ran faster too, in less RSS (790 MB, G1
#                      953 MB).
# No -Xmx: the JVM's default (a quarter of the memory) holds the largest replays measured (1M connections kept
# in under 500 MB of heap). NETSIM_REPLAY_JAVA_OPTS, when set, replaces these.
NETSIM_REPLAY_JAVA_OPTS=${NETSIM_REPLAY_JAVA_OPTS:--XX:+UseSerialGC}
