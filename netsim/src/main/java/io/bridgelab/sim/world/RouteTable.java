package io.bridgelab.sim.world;

/**
 * A routing table, by its id (1 to 2^32 - 1). iproute2 names three (/etc/iproute2/rt_tables): 255 {@code local}, where
 * the kernel keeps the routes it makes for local and broadcast addresses, 254 {@code main}, where {@code ip route
 * add} puts routes by default, and 253 {@code default}; the kernel's rules consult them in that order ({@link
 * RoutingRule#DEFAULTS}). Other tables are reached by policy routing rules ({@code ip rule add ... lookup 100}).
 */
public record RouteTable(long id) {
    public static final RouteTable DEFAULT = new RouteTable(253);
    public static final RouteTable MAIN = new RouteTable(254);
    public static final RouteTable LOCAL = new RouteTable(255);

    public RouteTable {
        if (id < 1 || id > 0xffff_ffffL) {
            throw new IllegalArgumentException("a routing table's id is 1 to 4294967295: " + id);
        }
    }

    /** A table as iproute2 writes it: {@code local}, {@code main}, {@code default} or its number. */
    public static RouteTable parse(String text) {
        switch (text) {
            case "local":
                return LOCAL;
            case "main":
                return MAIN;
            case "default":
                return DEFAULT;
            default:
                break;
        }
        if (!text.matches("[0-9]{1,10}")) {
            throw new IllegalArgumentException("not a routing table: '" + text + "' (local, main, default or a number"
                    + " from 1 to 4294967295)");
        }
        return new RouteTable(Long.parseLong(text));
    }

    /** As iproute2 prints it: the name of the three it names, else the number. */
    public String text() {
        return id == 255 ? "local" : id == 254 ? "main" : id == 253 ? "default" : Long.toString(id);
    }

    @Override
    public String toString() {
        return text();
    }
}
