package io.bridgelab.plugin.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What dockerd does to a plugin, minimally: one {@code POST /Interface.Method} with a JSON body over the
 * plugin's unix socket, {@code Connection: close}, the whole reply read to EOF. A plugin that dies mid-call
 * shows up as an {@link IOException} (the connection closes without a status line).
 */
final class UnixHttp {
    /** Status and body of a reply. */
    record Reply(int status, String body) {
        /** True for a 200 whose JSON has no non-empty Err/Error field. */
        boolean ok() {
            return status == 200 && !body.matches("(?s).*\"(Err|Error)\"\\s*:\\s*\"[^\"]+\".*");
        }
    }

    private UnixHttp() {
    }

    static Reply post(Path socket, String method, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST /" + method + " HTTP/1.1\r\nHost: plugin\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                buf.flip();
                in.write(buf.array(), 0, buf.limit());
                buf.clear();
            }
            String text = in.toString(StandardCharsets.UTF_8);
            int eol = text.indexOf("\r\n");
            int split = text.indexOf("\r\n\r\n");
            if (eol < 0 || split < 0 || !text.startsWith("HTTP/1.1 ")) {
                throw new IOException(method + ": connection closed without a reply ('" + text + "')");
            }
            return new Reply(Integer.parseInt(text.substring(9, 12)), text.substring(split + 4));
        }
    }
}
