package io.bridgelab.sim.cli;

import io.bridgelab.netfilter.linux.Command;
import io.bridgelab.netfilter.testing.Kernel;
import io.bridgelab.sim.engine.Simulation;
import io.bridgelab.sim.load.BuiltinScenarios;
import io.bridgelab.sim.load.Scenario;
import io.bridgelab.sim.trace.HtmlTraceWriter;
import io.bridgelab.sim.trace.PathPlan;
import io.bridgelab.sim.trace.TopologyLayout;
import io.bridgelab.sim.trace.Trace;
import io.bridgelab.sim.world.World;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders {@code netsim trace --format html} in headless Chromium (Debian's {@code chromium}) and looks
 * at the screenshot: it decodes, has the window's size, is not blank, and the path colours are on the
 * screen where {@link TopologyLayout} and {@link PathPlan} say the hops are drawn (and not on a
 * container the packets never reach). Skipped locally without chromium, failed under CI=true.
 */
class HtmlTraceScreenshotTest {
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 900;

    @ParameterizedTest
    @ValueSource(strings = {"port-mapping", "icc-disabled"})
    void chromiumDrawsThePathWhereTheLayoutSaysTheHopsAre(String scenario, @TempDir Path dir)
            throws IOException {
        Kernel.requireTools("chromium");
        String html = cli(scenario);
        Path page = dir.resolve(scenario + ".html");
        Files.writeString(page, html);
        Path png = dir.resolve(scenario + ".png");
        Command.Result r = Command.run(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--force-device-scale-factor=1", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, page.toUri().toString()),
                null, Duration.ofSeconds(120));
        assertThat(Files.exists(png)).as("chromium wrote no screenshot: %s", r.stderr()).isTrue();
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot).as("the screenshot decodes as PNG").isNotNull();
        assertThat(shot.getWidth()).isEqualTo(WIDTH);
        assertThat(shot.getHeight()).isEqualTo(HEIGHT);
        assertNotBlank(shot);

        Scenario s = BuiltinScenarios.named(scenario);
        World world = s.world();
        Trace trace = new Simulation(world, Netfilters.forWorld(), s.flow(), s.packets()).run(s.name());
        TopologyLayout.Layout layout = TopologyLayout.of(world);
        List<PathPlan.PacketPath> paths = PathPlan.of(trace, layout);
        PathPlan.PacketPath first = paths.get(0);
        assertThat(first.hops()).as("packet 1 has a path").hasSizeGreaterThanOrEqualTo(3);
        for (PathPlan.Hop hop : first.hops()) {
            if (first.dropped() && hop == first.hops().get(first.hops().size() - 1)) {
                // The drop cross lies over the last hop.
                assertThat(count(shot, hop, HtmlTraceWriter.HOP_RADIUS + 4, HtmlTraceWriter.DROP_RGB))
                        .as("drop cross at %s", hop).isGreaterThan(20);
                continue;
            }
            assertThat(count(shot, hop, HtmlTraceWriter.HOP_RADIUS - 2, HtmlTraceWriter.REQUEST_RGB))
                    .as("request colour in packet 1's hop circle %s", hop).isGreaterThan(60);
        }
        for (PathPlan.PacketPath p : paths) {
            if (p.reply()) {
                PathPlan.Hop middle = p.hops().get(p.hops().size() / 2);
                assertThat(count(shot, middle, 20, HtmlTraceWriter.REPLY_RGB))
                        .as("reply colour along packet %d's path near %s", p.packet(), middle).isGreaterThan(10);
            }
        }
        // A container no packet visits carries no path colour.
        String idle = scenario.equals("port-mapping") ? "test1" : "web";
        TopologyLayout.Box box = layout.node(idle).box();
        assertThat(count(shot, box, HtmlTraceWriter.REQUEST_RGB) + count(shot, box, HtmlTraceWriter.REPLY_RGB))
                .as("path colour on %s, which the packets never reach", idle).isZero();
    }

    private static String cli(String scenario) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"trace", "--scenario", scenario, "--format", "html"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        return out.toString();
    }

    private static void assertNotBlank(BufferedImage shot) {
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < shot.getHeight(); y += 2) {
            for (int x = 0; x < shot.getWidth(); x += 2) {
                int rgb = shot.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
        assertThat(nonWhite).as("non-white pixels (every other one)").isGreaterThan(20_000);
    }

    /** Pixels within {@code radius} of the hop (page coordinates) close to {@code rgb}. */
    private static int count(BufferedImage shot, PathPlan.Hop hop, int radius, int rgb) {
        int cx = (int) Math.round(HtmlTraceWriter.MAP_LEFT + hop.x());
        int cy = (int) Math.round(HtmlTraceWriter.MAP_TOP + hop.y());
        int n = 0;
        for (int y = cy - radius; y <= cy + radius; y++) {
            for (int x = cx - radius; x <= cx + radius; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius && near(shot, x, y, rgb)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int count(BufferedImage shot, TopologyLayout.Box box, int rgb) {
        int n = 0;
        for (int y = (int) box.y(); y < box.y() + box.h(); y++) {
            for (int x = (int) box.x(); x < box.x() + box.w(); x++) {
                if (near(shot, HtmlTraceWriter.MAP_LEFT + x, HtmlTraceWriter.MAP_TOP + y, rgb)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(BufferedImage shot, int x, int y, int rgb) {
        if (x < 0 || y < 0 || x >= shot.getWidth() || y >= shot.getHeight()) {
            return false;
        }
        int p = shot.getRGB(x, y);
        return Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= 40 && Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff)) <= 40
                && Math.abs((p & 0xff) - (rgb & 0xff)) <= 40;
    }
}
