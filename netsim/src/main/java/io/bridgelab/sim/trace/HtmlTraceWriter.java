package io.bridgelab.sim.trace;

import io.bridgelab.sim.world.World;

import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Trace} as one self-contained HTML page: the world's topology drawn as SVG
 * ({@link TopologyLayout}), every packet's path over it ({@link PathPlan}: numbered hops, requests and
 * replies in two colours, a cross where a packet died), and the step list beside it, with the closing
 * summary and {@link DropExplainer}'s explanation. Inline CSS, SVG and a few lines of script only: the
 * page fetches nothing, so it can be mailed or opened offline. Clicking a packet shows its hop numbers;
 * hovering a step marks its hop.
 */
public final class HtmlTraceWriter {
    /** Where the drawing's corner is on the page, in CSS pixels (fixed, so a screenshot can be checked). */
    public static final int MAP_LEFT = 16;
    public static final int MAP_TOP = 72;
    /** The path colours: requests (the first packet's sender), replies, and the drop cross. */
    public static final int REQUEST_RGB = 0x1565c0;
    public static final int REPLY_RGB = 0xef6c00;
    public static final int DROP_RGB = 0xc62828;
    /** The radius of a hop's numbered circle. */
    public static final int HOP_RADIUS = 10;
    private static final int LEGEND_H = 36;

    private final StringBuilder out = new StringBuilder(65536);

    private HtmlTraceWriter() {
    }

    public static String write(Trace trace, World world) {
        return new HtmlTraceWriter().render(trace, TopologyLayout.of(world));
    }

    private String render(Trace trace, TopologyLayout.Layout layout) {
        List<PathPlan.PacketPath> paths = PathPlan.of(trace, layout);
        Disposition d = trace.disposition();
        String title = "netsim trace: " + trace.scenario();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(css(layout)).append("</style>\n</head>\n")
                .append("<body>\n<header><h1>netsim trace <small>scenario ").append(esc(trace.scenario()))
                .append(", flow ").append(esc(trace.flow())).append("</small></h1>\n<div class=\"disp ")
                .append(d.kind().name().toLowerCase(Locale.ROOT)).append("\">=&gt; ")
                .append(esc(d.text().toUpperCase(Locale.ROOT))).append(": ").append(esc(d.detail()))
                .append("</div></header>\n");
        out.append("<div id=\"map\">\n");
        svg(layout, paths);
        out.append("</div>\n<section id=\"steps\">\n");
        explanation(trace);
        for (int k = 0; k < trace.packets().size(); k++) {
            packet(trace.packets().get(k), paths.get(k));
        }
        out.append("</section>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private void svg(TopologyLayout.Layout layout, List<PathPlan.PacketPath> paths) {
        int w = layout.width();
        int h = layout.height() + LEGEND_H;
        out.append("<svg width=\"").append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ")
                .append(w).append(' ').append(h).append("\" role=\"img\" aria-label=\"topology and packet path\">\n")
                .append("<defs>").append(marker("req", REQUEST_RGB)).append(marker("rep", REPLY_RGB))
                .append("</defs>\n");
        for (TopologyLayout.NodeBox n : layout.nodes()) {
            TopologyLayout.Box b = n.box();
            out.append("<rect class=\"node ").append(n.role()).append("\"").append(rect(b)).append(" rx=\"10\"/>");
            double ty = switch (n.role()) {
                case "container" -> b.y() + b.h() - 10;
                default -> b.y() + 18;
            };
            double tx = n.role().equals("host") ? b.x() + 12 : b.cx();
            out.append(text(tx, ty, n.role().equals("host") ? "name start" : "name", n.node())).append('\n');
        }
        for (TopologyLayout.Link l : layout.links()) {
            TopologyLayout.IfaceBox a = layout.iface(l.a().node(), l.a().iface());
            TopologyLayout.IfaceBox b = layout.iface(l.b().node(), l.b().iface());
            if (a == null || b == null) {
                continue;
            }
            boolean aAbove = a.box().cy() < b.box().cy();
            TopologyLayout.Box up = aAbove ? a.box() : b.box();
            TopologyLayout.Box down = aAbove ? b.box() : a.box();
            double x1 = up.cx();
            double y1 = up.y() + up.h();
            double x2 = down.cx();
            double y2 = down.y();
            out.append("<line class=\"link ").append(l.kind()).append("\" x1=\"").append(num(x1)).append("\" y1=\"")
                    .append(num(y1)).append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2))
                    .append("\"/>");
            if (!l.kind().equals("port")) {
                out.append(text((x1 + x2) / 2 + 8, (y1 + y2) / 2 + 4, "linklabel start", l.kind()));
            }
            out.append('\n');
        }
        for (TopologyLayout.IfaceBox i : layout.ifaces()) {
            TopologyLayout.Box b = i.box();
            out.append("<rect class=\"iface ").append(i.kind()).append(i.inactive() ? " inactive" : "").append("\"")
                    .append(rect(b)).append(" rx=\"4\"/>");
            String address = i.addresses().isEmpty() ? "" : i.addresses().get(0);
            String name = i.note() == null ? i.iface() : i.iface() + " (" + i.note() + ")";
            if (i.kind().equals("bridge")) {
                out.append(text(b.x() + 12, b.y() + 16, "ifname start", name))
                        .append(text(b.x() + 12, b.y() + 31, "addr start", address));
            } else if (address.isEmpty()) {
                out.append(text(b.cx(), b.cy() + 4, "ifname", name));
            } else {
                out.append(text(b.cx(), b.y() + 15, "ifname", name))
                        .append(text(b.cx(), b.y() + 29, "addr", address));
            }
            out.append('\n');
        }
        // Three layers, so the selected packet's numbered hops and the drop cross lie over every line.
        for (PathPlan.PacketPath p : paths) {
            lines(p);
        }
        for (PathPlan.PacketPath p : paths) {
            hops(p);
        }
        for (PathPlan.PacketPath p : paths) {
            cross(p);
        }
        legend(layout.height());
        out.append("</svg>\n");
    }

    private void lines(PathPlan.PacketPath p) {
        String cls = p.reply() ? "rep" : "req";
        open("path", p);
        List<PathPlan.Hop> hops = p.hops();
        for (int i = 1; i < hops.size(); i++) {
            PathPlan.Hop a = hops.get(i - 1);
            PathPlan.Hop b = hops.get(i);
            double dx = b.x() - a.x();
            double dy = b.y() - a.y();
            double len = Math.hypot(dx, dy);
            if (len < 1) {
                continue;
            }
            // Stop short of the next hop's circle so the arrow head stays visible.
            double cut = Math.min(HOP_RADIUS + 2, len / 2);
            out.append("<line class=\"seg\" x1=\"").append(num(a.x())).append("\" y1=\"").append(num(a.y()))
                    .append("\" x2=\"").append(num(b.x() - dx / len * cut)).append("\" y2=\"")
                    .append(num(b.y() - dy / len * cut)).append("\" marker-end=\"url(#arrow-").append(cls)
                    .append(")\"/>\n");
        }
        out.append("</g>\n");
    }

    private void hops(PathPlan.PacketPath p) {
        open("hops", p);
        for (PathPlan.Hop hop : p.hops()) {
            out.append("<g class=\"hop\" data-hop=\"").append(hop.number()).append("\"><circle cx=\"")
                    .append(num(hop.x())).append("\" cy=\"").append(num(hop.y())).append("\" r=\"").append(HOP_RADIUS)
                    .append("\"/>").append(text(hop.x(), hop.y() + 4, "hopnum", Integer.toString(hop.number())))
                    .append("</g>\n");
        }
        out.append("</g>\n");
    }

    private void cross(PathPlan.PacketPath p) {
        if (!p.dropped() || p.hops().isEmpty()) {
            return;
        }
        PathPlan.Hop last = p.hops().get(p.hops().size() - 1);
        double s = HOP_RADIUS + 4;
        out.append("<path class=\"drop\" data-packet=\"").append(p.packet()).append("\" d=\"M")
                .append(num(last.x() - s)).append(' ').append(num(last.y() - s))
                .append(" L").append(num(last.x() + s)).append(' ').append(num(last.y() + s)).append(" M")
                .append(num(last.x() + s)).append(' ').append(num(last.y() - s)).append(" L")
                .append(num(last.x() - s)).append(' ').append(num(last.y() + s)).append("\"/>\n");
    }

    /** Opens a packet's group; packet 1 starts selected, so the page reads right without script. */
    private void open(String layer, PathPlan.PacketPath p) {
        out.append("<g class=\"").append(layer).append(p.reply() ? " rep" : " req").append(p.packet() == 1 ? " active" : "")
                .append("\" data-packet=\"").append(p.packet()).append("\">\n");
    }

    private void legend(int y) {
        double ly = y + LEGEND_H / 2.0;
        out.append("<g class=\"legend\"><line class=\"seg req\" x1=\"20\" y1=\"").append(num(ly)).append("\" x2=\"56\" y2=\"")
                .append(num(ly)).append("\"/>").append(text(62, ly + 4, "legendtext start", "request"))
                .append("<line class=\"seg rep\" x1=\"140\" y1=\"").append(num(ly)).append("\" x2=\"176\" y2=\"")
                .append(num(ly)).append("\"/>").append(text(182, ly + 4, "legendtext start", "reply"))
                .append(text(240, ly + 4, "legendtext start", "circles: the selected packet's hops"))
                .append("</g>\n");
    }

    private void explanation(Trace trace) {
        caveats(trace);
        DropExplanation e = DropExplainer.explain(trace);
        if (e == null) {
            return;
        }
        out.append("<div class=\"explain\">");
        if (e.rule() != null) {
            out.append("<div><b>rule</b> <code>").append(esc(e.where())).append("</code> <code>")
                    .append(esc(e.rule())).append("</code></div>");
        } else {
            out.append("<div><b>why</b> ").append(esc(e.kind())).append(": ").append(esc(e.reason())).append("</div>");
        }
        out.append("<div><b>hint</b> ").append(esc(e.hint())).append("</div>");
        if (!e.missedAccepts().isEmpty()) {
            out.append("<details><summary>ACCEPT rules it passed without a match (")
                    .append(e.missedAccepts().size()).append(")</summary><ul>");
            for (DropExplanation.MissedRule m : e.missedAccepts()) {
                out.append("<li><code>").append(esc(m.where())).append(' ').append(esc(m.rule())).append("</code> ")
                        .append(esc(m.reason())).append("</li>");
            }
            out.append("</ul></details>");
        }
        if (trace.disposition().counts() != null) {
            List<DropExplainer.Failures> failures = DropExplainer.failures(trace);
            out.append("<details><summary>packets that did not get through, by cause (").append(failures.size())
                    .append(")</summary><ul>");
            for (DropExplainer.Failures f : failures) {
                out.append("<li>").append(f.count()).append(" &times; <code>").append(esc(f.cause()))
                        .append("</code> (first: #").append(f.first().packet()).append(")</li>");
            }
            out.append("</ul></details>");
        }
        out.append("</div>\n");
    }

    /** What the kernel also runs on the way, unsimulated (TextTraceWriter's caution). */
    private void caveats(Trace trace) {
        if (trace.caveats().isEmpty()) {
            return;
        }
        out.append("<div class=\"explain\"><div><b>caution</b> the kernel also runs these chains, which netsim does"
                + " not simulate; they may decide otherwise:</div><ul>");
        for (String c : trace.caveats()) {
            out.append("<li><code>").append(esc(c)).append("</code></li>");
        }
        out.append("</ul></div>\n");
    }

    private void packet(PacketTrace p, PathPlan.PacketPath path) {
        String cls = path.reply() ? "rep" : "req";
        out.append("<div class=\"packet\" data-packet=\"").append(p.number()).append("\">\n<h2 class=\"")
                .append(cls).append("\"><span class=\"swatch\"></span>#").append(p.number()).append(' ')
                .append(esc(p.origin())).append(": ").append(esc(p.summary())).append("</h2>\n<ol>\n");
        int hop = 0;
        for (int i = 0; i < p.steps().size(); i++) {
            TraceStep s = p.steps().get(i);
            while (hop < path.hops().size() && path.hops().get(hop).step() < i) {
                hop++;
            }
            boolean isHop = hop < path.hops().size() && path.hops().get(hop).step() == i;
            String iface = TextTraceWriter.iface(s);
            out.append("<li class=\"").append(s.kind()).append("\"");
            if (isHop) {
                out.append(" data-hop=\"").append(path.hops().get(hop).number()).append("\"");
            }
            out.append("><span class=\"hopno\">").append(isHop ? Integer.toString(path.hops().get(hop).number()) : "")
                    .append("</span><span class=\"where\">").append(esc(s.node()))
                    .append(iface == null ? "" : " " + esc(iface)).append("</span> ")
                    .append(esc(TextTraceWriter.plainText(s))).append("</li>\n");
        }
        out.append("</ol>\n</div>\n");
    }

    private static String css(TopologyLayout.Layout layout) {
        String req = hex(REQUEST_RGB);
        String rep = hex(REPLY_RGB);
        return "body{margin:0;font:13px/1.35 system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;"
                + "background:#fff}\n"
                + "header{position:absolute;left:0;right:0;top:0;height:56px;padding:6px 16px;box-sizing:border-box;"
                + "border-bottom:1px solid #ddd;background:#fafafa;overflow:hidden}\n"
                + "h1{font-size:16px;margin:0;white-space:nowrap}h1 small{font-weight:normal;color:#555}\n"
                + ".disp{font-weight:bold;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;margin-top:4px}\n"
                + ".disp.delivered{color:#2e7d32}.disp.dropped{color:" + hex(DROP_RGB) + "}"
                + ".disp.refused,.disp.incomplete{color:#8d6e00}\n"
                + "#map{position:absolute;left:" + MAP_LEFT + "px;top:" + MAP_TOP + "px}\n"
                + "#steps{position:absolute;left:" + (MAP_LEFT + layout.width() + 20) + "px;right:0;top:" + MAP_TOP
                + "px;bottom:0;min-width:420px;overflow:auto;padding:0 12px 24px 0}\n"
                + "rect.node{stroke:#9e9e9e;stroke-width:1.5}rect.host{fill:#f3f3f0}rect.container{fill:#eef6ec}"
                + "rect.outside{fill:#f6f0fa}\n"
                + "rect.iface{fill:#fff;stroke:#616161;stroke-width:1.2}rect.iface.bridge{fill:#e8e8e0;stroke:#424242}rect.iface.inactive{stroke-dasharray:4 3;fill:#f5f5f5}\n"
                + "text{font-family:system-ui,sans-serif;text-anchor:middle;fill:#212121}"
                + "text.start{text-anchor:start}text.name{font-weight:bold;font-size:14px}\n"
                + "text.ifname{font-weight:bold;font-size:12px}text.addr{font-size:11px;fill:#424242}"
                + "text.linklabel{font-size:10px;fill:#757575}text.legendtext{font-size:12px;fill:#424242}\n"
                + "line.link{stroke:#9e9e9e;stroke-width:3}line.link.port{stroke-width:2}"
                + "line.link.wire{stroke:#616161;stroke-width:4}\n"
                + ".path line.seg{stroke-width:2}.path.active line.seg{stroke-width:3.5}\n"
                + ".req line.seg,line.seg.req{stroke:" + req + "}.rep line.seg,line.seg.rep{stroke:" + rep + "}"
                + "line.seg.req,line.seg.rep{stroke-width:3.5}\n"
                + "g.hops{display:none}g.hops.active{display:inline}.req circle{fill:" + req + "}"
                + ".rep circle{fill:" + rep + "}\n"
                + ".hop.hl circle{stroke:#000;stroke-width:3}text.hopnum{fill:#fff;font-size:11px;font-weight:bold}\n"
                + "path.drop{stroke:" + hex(DROP_RGB) + ";stroke-width:5;fill:none;stroke-linecap:round}\n"
                + ".explain{border-left:4px solid " + hex(DROP_RGB) + ";background:#fdf3f3;padding:6px 10px;"
                + "margin:0 0 8px}\n.explain code{font-size:12px}\n"
                + "h2{font-size:13px;margin:10px 0 2px;cursor:pointer;font-family:ui-monospace,monospace}"
                + ".packet.active h2{text-decoration:underline}\n"
                + "h2 .swatch{display:inline-block;width:18px;height:4px;margin:0 6px 3px 0}"
                + "h2.req .swatch{background:" + req + "}h2.rep .swatch{background:" + rep + "}\n"
                + "ol{list-style:none;margin:0;padding:0;font:12px/1.35 ui-monospace,'DejaVu Sans Mono',monospace}\n"
                + "li{white-space:pre-wrap;word-break:break-word;padding-left:16em;text-indent:-16em}"
                + "li[data-hop]{cursor:pointer}li:hover{background:#f0f4fa}\n"
                + ".hopno{display:inline-block;width:2em;text-indent:0;text-align:right;margin-right:.5em;"
                + "color:#fff}li[data-hop] .hopno{color:#555;font-weight:bold}\n"
                + ".where{display:inline-block;width:13em;text-indent:0;color:#555;vertical-align:top;overflow:hidden;"
                + "white-space:nowrap;text-overflow:ellipsis}\n"
                + "li.rule{color:#777}li.dropped{color:" + hex(DROP_RGB) + ";font-weight:bold}"
                + "li.delivered{color:#2e7d32;font-weight:bold}li.transformed{color:#8d6e00}\n";
    }

    // Click a packet (or one of its steps) to show its hop numbers; hover a step to ring its hop.
    private static final String SCRIPT = """
            (function () {
              function show(n) {
                document.querySelectorAll('g.path, g.hops').forEach(function (g) {
                  g.classList.toggle('active', g.getAttribute('data-packet') === n);
                });
                document.querySelectorAll('div.packet').forEach(function (d) {
                  d.classList.toggle('active', d.getAttribute('data-packet') === n);
                });
              }
              function ring(n, hop, on) {
                var g = document.querySelector('g.hops[data-packet="' + n + '"] g.hop[data-hop="' + hop + '"]');
                if (g) { g.classList.toggle('hl', on); }
              }
              document.querySelectorAll('div.packet').forEach(function (d) {
                var n = d.getAttribute('data-packet');
                d.querySelector('h2').addEventListener('click', function () { show(n); });
                d.querySelectorAll('li[data-hop]').forEach(function (li) {
                  var hop = li.getAttribute('data-hop');
                  li.addEventListener('click', function () { show(n); });
                  li.addEventListener('mouseenter', function () { show(n); ring(n, hop, true); });
                  li.addEventListener('mouseleave', function () { ring(n, hop, false); });
                });
              });
              show('1');
            })();
            """;

    private static String marker(String id, int rgb) {
        return "<marker id=\"arrow-" + id + "\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" markerWidth=\"4\""
                + " markerHeight=\"4\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\" fill=\"" + hex(rgb) + "\"/></marker>";
    }

    private static String rect(TopologyLayout.Box b) {
        return " x=\"" + num(b.x()) + "\" y=\"" + num(b.y()) + "\" width=\"" + num(b.w()) + "\" height=\""
                + num(b.h()) + "\"";
    }

    private static String text(double x, double y, String cls, String content) {
        return "<text class=\"" + cls + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\">" + esc(content) + "</text>";
    }

    /** Coordinates with at most one decimal, the same on every JVM (the golden depends on it). */
    static String num(double v) {
        long tenths = Math.round(v * 10);
        String sign = tenths < 0 ? "-" : "";
        long t = Math.abs(tenths);
        return sign + (t % 10 == 0 ? Long.toString(t / 10) : (t / 10) + "." + (t % 10));
    }

    private static String hex(int rgb) {
        return String.format("#%06x", rgb);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
