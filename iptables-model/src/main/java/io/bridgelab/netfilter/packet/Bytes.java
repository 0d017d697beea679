package io.bridgelab.netfilter.packet;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Immutable bytes with value equality, for payloads and options inside packet records (a bare
 * {@code byte[]} would make records compare by identity).
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    public static Bytes copyOf(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    public static Bytes copyOf(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    public static Bytes ofHex(String hex) {
        return copyOf(HexFormat.of().parseHex(hex));
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    public int get(int index) {
        return data[index] & 0xff;
    }

    public byte[] toArray() {
        return data.clone();
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    public String toHex() {
        return HexFormat.of().formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return data.length <= 32 ? "Bytes[" + toHex() + "]" : "Bytes[" + data.length + " bytes]";
    }
}
