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
 * Encodes and writes streamed captures on a thread of its own, so that this work (a tenth of a replay, most
 * of it copying into the page cache) runs beside the simulation on another core instead of inside it.
 *
 * <p>The simulation thread only appends (file, time, frame) to a batch and hands a full batch over; the writer
 * thread encodes and writes the batches' frames in the order they were appended. Frames are immutable values,
 * so handing them over shares nothing that changes, and one thread writing every file keeps each file's
 * records in order: the files are byte for byte what writing them in place gives. At most {@link #BATCHES}
 * batches are in flight; the simulation waits for a free one when the writer falls behind, so the heap holds
 * a bounded number of frames.
 *
 * <p>A write that fails is reported to the simulation thread by the next hand-over or by {@link #close()};
 * later frames are not written. The {@link PcapWriter}s stay the caller's: it opens them (so an unwritable
 * folder fails at once, in the simulation) and closes them after {@link #close()}.
 */
final class CaptureStreamer implements AutoCloseable {
    private static final int BATCH = 1024;
    private static final int BATCHES = 4;

    /** A run of frames to write, in order; recycled between the two threads. */
    private static final class Batch {
        final PcapWriter[] writers = new PcapWriter[BATCH];
        final String[] names = new String[BATCH];
        final long[] times = new long[BATCH];
        final Packet[] frames = new Packet[BATCH];
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

    // The writer thread's own: the bytes of the frame encoded last, and what they are the encoding of. A frame's
    // bytes are a function of its link header, network layer and trailer alone, all immutable values, so a frame
    // made of the very same three objects encodes to the same bytes. Most frames are captured twice that way
    // (leaving one end of a link and arriving at the other, where only the metadata is reset), so the second
    // capture copies instead of encoding again.
    private byte[] buffer = new byte[2048];
    private Object encodedEthernet;
    private Object encodedNetwork;
    private Object encodedTrailer;
    private int encodedLength = -1;

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
     * Appends one record of {@code writer}'s file ({@code name} for messages); simulation thread only.
     *
     * @throws IllegalStateException after {@link #close()}: nothing would write the frame (and a full batch
     *                               would wait for a free one forever)
     */
    void append(PcapWriter writer, String name, long timestampNanos, Packet frame) {
        if (closed) {
            throw new IllegalStateException("a frame of " + name + " captured after the capture files were closed");
        }
        Batch b = filling;
        int i = b.size;
        b.writers[i] = writer;
        b.names[i] = name;
        b.times[i] = timestampNanos;
        b.frames[i] = frame;
        b.size = i + 1;
        if (b.size == BATCH) {
            try {
                handOver();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
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
                Arrays.fill(b.frames, 0, b.size, null);
                Arrays.fill(b.writers, 0, b.size, null);
                b.size = 0;
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
                int length = encode(b.frames[i]);
                b.writers[i].write(b.times[i], 0, length, buffer, 0, length);
            }
        } catch (IOException e) {
            failed = new IOException("writing the capture of " + b.names[i] + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            failed = new IOException("writing the capture of " + b.names[i] + ": " + e, e);
        }
    }

    /** Puts the frame's bytes into {@link #buffer} (unless they are there already); returns their length. */
    private int encode(Packet frame) {
        if (encodedLength >= 0 && frame.network() == encodedNetwork && frame.ethernet() == encodedEthernet
                && frame.trailer() == encodedTrailer) {
            return encodedLength;
        }
        int length = frame.frameLength();
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        encodedLength = -1;
        FrameEncoder.encodeTo(frame, buffer, 0);
        encodedEthernet = frame.ethernet();
        encodedNetwork = frame.network();
        encodedTrailer = frame.trailer();
        encodedLength = length;
        return length;
    }
}
