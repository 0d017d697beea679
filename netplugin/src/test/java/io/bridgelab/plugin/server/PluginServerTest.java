package io.bridgelab.plugin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real transport: epoll unix socket server, JDK unix socket client. */
class PluginServerTest {
    @TempDir
    Path dir;

    static String call(Path socket, String path, String body) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: plugin\r\nConnection: close\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n";
            ch.write(ByteBuffer.wrap((head + body).getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (ch.read(buf) >= 0) {
                if (!buf.hasRemaining()) {
                    throw new IOException("reply too large");
                }
            }
            buf.flip();
            return StandardCharsets.UTF_8.decode(buf).toString();
        }
    }

    @Test
    void servesOverAUnixSocketWithMode0660() throws Exception {
        Path socket = dir.resolve("plugins/test.sock");
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "stale"); // a leftover from a killed run must not block the bind
        RecordingDriver driver = new RecordingDriver();
        try (PluginServer server = PluginServer.start(new ServerConfig(socket, 1 << 20, 2), Routes.of(driver, null))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            String r = call(socket, "/Plugin.Activate", "");
            assertThat(r).startsWith("HTTP/1.1 200 OK").endsWith("{\"Implements\":[\"NetworkDriver\"]}");
            String j = call(socket, "/NetworkDriver.Join", "{\"NetworkID\":\"n\",\"EndpointID\":\"e\"}");
            assertThat(j).endsWith("{\"InterfaceName\":{\"SrcName\":\"npc0\",\"DstPrefix\":\"eth\"},\"Gateway\":\"172.20.0.1\",\"DisableGatewayService\":false}");
            assertThat(call(socket, "/IpamDriver.RequestPool", "{}")).startsWith("HTTP/1.1 404");
        }
        assertThat(socket).doesNotExist();
    }
}
