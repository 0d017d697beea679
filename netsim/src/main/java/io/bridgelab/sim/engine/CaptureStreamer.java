package io.bridgelab.sim.engine;

import io.bridgelab.netfilter.packet.Packet;
import io.bridgelab.pcap.codec.FrameEncoder;
import io.bridgelab.pcap.io.PcapWriter;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes streamed captures on a thread of its own, so that the file writing (copying into the page cache and
 * the system calls) runs beside the simulation on another core instead of inside it.
 *
 * <p>The simulation thread encodes each frame into its batch's bytes as it is appended, while the frame's
 * objects are still in its own core's cache, and hands a full batch over; the writer thread only copies the
 * batches' records into their files, in the order they were appended. (The writer used to encode the frames
 * itself: reading objects made on the other core cost it about 140 ns a record, mostly cache misses, and a cold
 * replay's second core, shared with the JIT, was short of exactly that time.) One thread writing every file keeps
 * each file's records in order: the files are byte for byte what writing them in place gives. At most
 * {@link #BATCHES} batches are in flight; the simulation waits for a free one when the writer falls behind, so the
 * heap holds a bounded number of bytes.
 *
 * <p>A write that fails is reported to the simulation thread by the next hand-over or by {@link #close()};
 * later frames are not written. A frame that cannot be encoded fails its append at once, naming its capture. The
 * {@link PcapWriter}s stay the caller's: it opens them (so an unwritable folder fails at once, in the
 * simulation) and closes them after {@link #close()}.
 */
final class CaptureStreamer implements AutoCloseable {
    private static final int BATCH = 1024;
    private static final int BATCHES = 4;

    /** A run of encoded records to write, in order; recycled between the two threads. */
    private static final class Batch {
        final PcapWriter[] writers = new PcapWriter[BATCH];
        final String[] names = new String[BATCH];
        final long[] times = new long[BATCH];
        final int[] offsets = new int[BATCH];
        final int[] lengths = new int[BATCH];
        /** The records' bytes, back to back (a record may share its bytes with the one before it). */
        byte[] bytes = new byte[BATCH * 128];
        int used;
        int size;
    }

    /** Tells the writer thread that nothing more comes. */
    private static final Batch END = new Batch();

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    /** The simulation thread's batch being filled. */
    private Batch filling = new Batch();
    /** The first write error, set by the writer thread. */
    private volatile IOException failed;
    private boolean closed;

    // The simulation thread's own: what the last record of the filling batch is the encoding of. A frame's
    // bytes are a function of its link header, network layer and trailer alone, all immutable values, so a frame
    // made of the very same three objects encodes to the same bytes. Most frames are captured twice that way
    // (leaving one end of a link and arriving at the other, where only the metadata is reset), so the second
    // record points at the first one's bytes instead of encoding them again.
    private Object encodedEthernet;
    private Object encodedNetwork;
    private Object encodedTrailer;

    CaptureStreamer() {
        for (int i = 1; i < BATCHES; i++) {
            free.add(new Batch());
        }
        thread = new Thread(this::drain, "netsim-capture-writer");
        // A run that is abandoned (an exception in the simulation) must not keep the JVM alive.
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Appends one record of {@code writer}'s file ({@code name} for messages), encoding the frame now;
     * simulation thread only.
     *
     * @throws IllegalStateException after {@link #close()}: nothing would write the frame (and a full batch
     *                               would wait for a free one forever)
     * @throws UncheckedIOException  when an earlier write failed, or this frame cannot be encoded
     */
    void append(PcapWriter writer, String name, long timestampNanos, Packet frame) {
        if (closed) {
            throw new IllegalStateException("a frame of " + name + " captured after the capture files were closed");
        }
        Batch b = filling;
        int i = b.size;
        if (i > 0 && frame.network() == encodedNetwork && frame.ethernet() == encodedEthernet
                && frame.trailer() == encodedTrailer) {
            b.offsets[i] = b.offsets[i - 1];
            b.lengths[i] = b.lengths[i - 1];
        } else {
            encode(b, i, name, frame);
        }
        b.writers[i] = writer;
        b.names[i] = name;
        b.times[i] = timestampNanos;
        b.size = i + 1;
        if (b.size == BATCH) {
            try {
                handOver();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }

    /** Encodes {@code frame} as record {@code i} of {@code b}, after the bytes already there. */
    private void encode(Batch b, int i, String name, Packet frame) {
        int length = frame.frameLength();
        if (b.bytes.length - b.used < length) {
            b.bytes = java.util.Arrays.copyOf(b.bytes, Math.max(b.used + length, b.bytes.length * 2));
        }
        encodedNetwork = null;
        try {
            FrameEncoder.encodeTo(frame, b.bytes, b.used);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("writing the capture of " + name + ": " + e, e));
        }
        b.offsets[i] = b.used;
        b.lengths[i] = length;
        b.used += length;
        encodedEthernet = frame.ethernet();
        encodedNetwork = frame.network();
        encodedTrailer = frame.trailer();
    }

    private void handOver() throws IOException {
        IOException f = failed;
        if (f != null) {
            throw f;
        }
        try {
            full.put(filling);
            filling = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing captures to their writer");
        }
    }

    /** Writes what is left and stops the writer thread; throws the first write error. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (filling.size > 0) {
                full.put(filling);
            }
            full.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the captures were being written");
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** The writer thread: takes full batches in order and writes them until {@link #END}. */
    private void drain() {
        try {
            while (true) {
                Batch b = full.take();
                if (b == END) {
                    return;
                }
                if (failed == null) {
                    write(b);
                }
                Arrays.fill(b.writers, 0, b.size, null);
                Arrays.fill(b.names, 0, b.size, null);
                b.size = 0;
                b.used = 0;
                free.put(b);
            }
        } catch (InterruptedException e) {
            failed = new InterruptedIOException("the capture writer was interrupted");
        }
    }

    private void write(Batch b) {
        int i = 0;
        try {
            for (; i < b.size; i++) {
                b.writers[i].write(b.times[i], 0, b.lengths[i], b.bytes, b.offsets[i], b.lengths[i]);
            }
        } catch (IOException e) {
            failed = new IOException("writing the capture of " + b.names[i] + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failed = new IOException("writing the capture of " + b.names[i] + ": " + e, e);
        }
    }
}
