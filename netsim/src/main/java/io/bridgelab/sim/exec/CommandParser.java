package io.bridgelab.sim.exec;

import io.bridgelab.sim.world.RouteTable;
import java.util.List;

/**
 * Turns a command's argv into a {@link ShellCommand}, accepting the spellings the real tools accept for
 * the supported forms (iproute2's abbreviations {@code a}, {@code r}, {@code n}, {@code s}); anything else
 * is an {@link UnsupportedCommandException} naming the command and the supported ones, never a guess.
 */
public final class CommandParser {
    private static final String SYSFS = "/sys/class/net/";
    private static final List<String> SYSFS_ATTRIBUTES = List.of("ifindex", "iflink", "address", "mtu");

    private CommandParser() {
    }

    public static ShellCommand parse(List<String> argv) {
        if (argv.isEmpty()) {
            throw new UnsupportedCommandException("", "no command given");
        }
        List<String> args = argv.subList(1, argv.size());
        return switch (argv.get(0)) {
            case "ip" -> ip(argv, args);
            case "route" -> exactly(argv, args, List.of("-n"), new ShellCommand.RouteNumeric(),
                    "only 'route -n': without -n route resolves names");
            case "brctl" -> brctl(argv, args);
            case "bridge" -> {
                if (args.equals(List.of("fdb")) || args.equals(List.of("fdb", "show"))) {
                    yield new ShellCommand.BridgeFdbShow();
                }
                throw unsupported(argv, "only 'bridge fdb [show]'");
            }
            case "iptables" -> IptablesOptions.iptables(argv, args);
            case "iptables-save" -> IptablesOptions.save(argv, args);
            case "conntrack" -> {
                if (args.equals(List.of("-L")) || args.equals(List.of("--dump"))) {
                    yield new ShellCommand.ConntrackList();
                }
                throw unsupported(argv, "only 'conntrack -L'");
            }
            case "cat" -> sysfs(argv, args);
            case "tcpdump" -> TcpdumpOptions.parse(argv, args);
            case "ss" -> ss(argv, args);
            default -> throw unsupported(argv, null);
        };
    }

    /**
     * ss's options for TCP and UDP sockets, single letters clustered as getopt takes them ({@code -tlnp}) or spelt
     * long; anything else (other socket kinds, filters, -s, -e, -o, -i, -m, ...) is refused by name.
     */
    private static ShellCommand ss(List<String> argv, List<String> args) {
        boolean tcp = false;
        boolean udp = false;
        boolean listening = false;
        boolean all = false;
        boolean numeric = false;
        boolean processes = false;
        boolean header = true;
        String why = "only 'ss -t|-u [-l|-a] [-n] [-p] [-H] [-4]' (TCP and UDP sockets; no filters)";
        for (String arg : args) {
            String letters = switch (arg) {
                case "--tcp" -> "t";
                case "--udp" -> "u";
                case "--listening" -> "l";
                case "--all" -> "a";
                case "--numeric" -> "n";
                case "--processes" -> "p";
                case "--no-header" -> "H";
                case "--ipv4" -> "4";
                default -> arg.startsWith("-") && !arg.startsWith("--") && arg.length() > 1 ? arg.substring(1) : null;
            };
            if (letters == null) {
                throw unsupported(argv, why + ": '" + arg + "'");
            }
            for (char c : letters.toCharArray()) {
                switch (c) {
                    case 't' -> tcp = true;
                    case 'u' -> udp = true;
                    case 'l' -> listening = true;
                    case 'a' -> all = true;
                    case 'n' -> numeric = true;
                    case 'p' -> processes = true;
                    case 'H' -> header = false;
                    case '4' -> {
                        // IPv4 only: the simulation has no other sockets
                    }
                    default -> throw unsupported(argv, why + ": '-" + c + "'");
                }
            }
        }
        if (!tcp && !udp) {
            throw unsupported(argv, why + ": give -t and/or -u (the simulation has no unix, netlink or raw sockets)");
        }
        return new ShellCommand.Ss(tcp, udp, listening, all, numeric, processes, header);
    }

    static UnsupportedCommandException unsupported(List<String> argv, String why) {
        return new UnsupportedCommandException(String.join(" ", argv), why);
    }

    private static ShellCommand exactly(List<String> argv, List<String> args, List<String> expected,
                                        ShellCommand command, String why) {
        if (args.equals(expected)) {
            return command;
        }
        throw unsupported(argv, why);
    }

    private static ShellCommand ip(List<String> argv, List<String> args) {
        if (args.isEmpty()) {
            throw unsupported(argv, "ip needs an object: addr, link, route, rule or neigh");
        }
        String object = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (isPrefix(object, "address", 1) || object.equals("addr")) {
            return new ShellCommand.IpAddrShow(device(argv, rest));
        }
        if (isPrefix(object, "link", 1)) {
            return new ShellCommand.IpLinkShow(device(argv, rest));
        }
        if (isPrefix(object, "route", 1)) {
            return route(argv, rest);
        }
        if (isPrefix(object, "rule", 2)) {
            return rule(argv, rest);
        }
        if (isPrefix(object, "neighbour", 1) || isPrefix(object, "neighbor", 1)) {
            String dev = device(argv, rest);
            if (dev != null && !rest.contains("dev")) {
                throw unsupported(argv, "ip neigh show takes 'dev IF'");
            }
            return new ShellCommand.IpNeighShow(dev);
        }
        throw unsupported(argv, "ip objects: addr, link, route, rule, neigh");
    }

    /** {@code [show|list|lst|s|ls|l] [[dev] IF]} after the object; returns the device or null. */
    private static String device(List<String> argv, List<String> rest) {
        List<String> r = rest;
        if (!r.isEmpty() && (isPrefix(r.get(0), "show", 1) || isPrefix(r.get(0), "list", 1) || r.get(0).equals("lst"))) {
            r = r.subList(1, r.size());
        }
        if (r.isEmpty()) {
            return null;
        }
        if (r.size() == 2 && r.get(0).equals("dev")) {
            return r.get(1);
        }
        if (r.size() == 1 && !r.get(0).equals("dev")) {
            return r.get(0);
        }
        throw unsupported(argv, "only 'show [dev] IF' filters");
    }

    private static ShellCommand route(List<String> argv, List<String> rest) {
        List<String> r = rest;
        if (!r.isEmpty() && (isPrefix(r.get(0), "show", 1) || isPrefix(r.get(0), "list", 1))) {
            r = r.subList(1, r.size());
        }
        if (r.isEmpty()) {
            return new ShellCommand.IpRouteShow(RouteTable.MAIN);
        }
        if (r.size() == 2 && r.get(0).equals("table")) {
            if (r.get(1).equals("all") || r.get(1).equals("0")) {
                return new ShellCommand.IpRouteShow(null);
            }
            try {
                return new ShellCommand.IpRouteShow(RouteTable.parse(r.get(1)));
            } catch (IllegalArgumentException e) {
                throw unsupported(argv, e.getMessage());
            }
        }
        throw unsupported(argv, "only 'ip route [show] [table main|local|default|N|all]'");
    }

    private static ShellCommand rule(List<String> argv, List<String> rest) {
        if (rest.isEmpty() || rest.size() == 1 && (isPrefix(rest.get(0), "show", 1) || isPrefix(rest.get(0), "list",
                1))) {
            return new ShellCommand.IpRuleShow();
        }
        throw unsupported(argv, "only 'ip rule [show]'");
    }

    private static ShellCommand brctl(List<String> argv, List<String> args) {
        if (args.equals(List.of("show"))) {
            return new ShellCommand.BrctlShow();
        }
        if (args.size() == 2 && args.get(0).equals("showmacs")) {
            return new ShellCommand.BrctlShowmacs(args.get(1));
        }
        throw unsupported(argv, "only 'brctl show' and 'brctl showmacs BR'");
    }

    private static ShellCommand sysfs(List<String> argv, List<String> args) {
        if (args.isEmpty()) {
            throw unsupported(argv, "cat reads only /sys/class/net/IF/ATTR files");
        }
        for (String path : args) {
            String tail = path.startsWith(SYSFS) ? path.substring(SYSFS.length()) : null;
            int slash = tail == null ? -1 : tail.indexOf('/');
            if (slash < 1 || !SYSFS_ATTRIBUTES.contains(tail.substring(slash + 1))) {
                throw unsupported(argv, "cat reads only /sys/class/net/IF/{ifindex,iflink,address,mtu}");
            }
        }
        return new ShellCommand.SysfsRead(args);
    }

    /** iproute2's matches(): {@code word} is a prefix of {@code full} of at least {@code min} characters. */
    static boolean isPrefix(String word, String full, int min) {
        return word.length() >= min && full.startsWith(word);
    }
}
