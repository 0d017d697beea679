/**
 * The text forms of a {@link io.bridgelab.netfilter.rule.Ruleset}, byte-identical to iptables 1.8.9
 * (nf_tables backend) on a Debian 12 kernel:
 * <ul>
 *   <li>{@link io.bridgelab.netfilter.text.IptablesSaveParser}: {@code iptables-save [-c]} text (and
 *       hand-written {@code iptables-restore} input) to a ruleset, with a typed
 *       {@link io.bridgelab.netfilter.text.ParseException} (line, column, token) for everything
 *       iptables-restore refuses and everything this model does not support;</li>
 *   <li>{@link io.bridgelab.netfilter.text.IptablesSaveWriter}: a ruleset to {@code iptables-save [-c]};</li>
 *   <li>{@link io.bridgelab.netfilter.text.SpecRenderer}: {@code iptables -t T -S [CHAIN]};</li>
 *   <li>{@link io.bridgelab.netfilter.text.ListingRenderer}: {@code iptables -t T -n[v[x]]L [CHAIN]}.</li>
 * </ul>
 *
 * <h2>What the kernel does that the text must follow (measured, see src/test/resources/rulesets)</h2>
 * <ul>
 *   <li>iptables-save lists tables as mangle, security, raw, filter, nat whatever the load order, and in a
 *       table the built-in chains in hook order, then user chains sorted by name (strcmp). The parser
 *       returns rulesets in that order; the writer sorts whatever it is given.</li>
 *   <li>Canonical spellings: {@code -p 6} saves as {@code -p tcp} (names from iptables' own list, then
 *       /etc/protocols, bundled); {@code -s 10.1.2.3/255.255.0.0} as {@code 10.1.0.0/16}, a host as
 *       {@code /32}; {@code --syn} as {@code --tcp-flags FIN,SYN,RST,ACK SYN}; {@code --dport 1024:} as
 *       {@code 1024:65535}; {@code --dport 0:65535}, {@code -s 0.0.0.0/0}, {@code -i +}, {@code -p all}
 *       disappear; {@code --icmp-type echo-request} becomes {@code 8}; MARK and CONNMARK set forms become
 *       {@code --set-xmark v/m}; CONNMARK save/restore get both masks; REJECT gets its default
 *       {@code icmp-port-unreachable}; LOG level 4 disappears and names become numbers; a LOG prefix is cut
 *       to 29 characters; CT {@code --zone 0} disappears; {@code -j NOTRACK} stays NOTRACK (target column
 *       CT in listings); conntrack {@code --ctproto tcp} saves as {@code 6}; {@code --ctstatus NONE,X}
 *       as {@code X}; a tcp/udp/sctp match given twice (e.g. {@code --syn} then {@code -m tcp}) is one.</li>
 *   <li>Quoting: iptables-restore splits on blanks; only double quotes group, with backslash escaping
 *       inside them; iptables-save quotes any value with a character outside [A-Za-z0-9_-] and escapes
 *       {@code "}, {@code \} and {@code '} ({@code "it\'s"}).</li>
 *   <li>Listings are numeric ({@code -n}): the prot column prints numbers, {@code -nvL} counters use
 *       xtables_print_num ({@code (n+500)/1000} per unit step, K/M/G/T), {@code -x} prints exact counters 8
 *       wide (the bytes header is 10 wide), user chains show their reference count, a goto shows
 *       {@code [goto]}, and listing a table that was never loaded shows the empty table (and creates it).</li>
 *   <li>Validation at COMMIT, as the kernel does it: jumps must name an existing user chain (not a
 *       built-in); a loop reachable from a built-in chain is refused (ELOOP) while one among unreachable
 *       chains is accepted; DNAT/REDIRECT only in nat PREROUTING/OUTPUT, SNAT in nat POSTROUTING/INPUT,
 *       MASQUERADE in nat POSTROUTING, REJECT only in filter, CT only in raw, CHECKSUM only in mangle, a
 *       user chain being checked against every hook it is reachable from. {@code -o} in INPUT/PREROUTING
 *       and {@code -i} in OUTPUT/POSTROUTING are refused by iptables itself. MARK, CONNMARK and TRACE are
 *       accepted in every table (iptables-nft turns TRACE into {@code meta nftrace}).</li>
 *   <li>Accepted on purpose because iptables-restore accepts them: a chain declared twice (declared once),
 *       {@code :CHAIN POLICY} for a non-built-in name (a user chain; policy ignored), {@code -} as a
 *       built-in's policy (ACCEPT kept), a table given twice (the later one replaces the earlier one,
 *       because restore flushes it again), counters without {@code -c} (we always read them).</li>
 * </ul>
 *
 * <h2>Errors in iptables' words</h2>
 * Where iptables-restore refuses an input itself, the ParseException's reason is its message where that is
 * useful (an option given twice: {@code udp: option "--destination-port" can only be used once.}, tcp and
 * sctp's {@code Only one `--source-port' allowed}, multiport's {@code cannot be used together with};
 * {@code UDP match requires '-p udp'}; {@code multiple -s flags not allowed}); KernelRoundTripTest checks
 * those words against iptables-restore on every run (rulesets/repeated-options.txt). Where iptables leaves
 * the refusal to the kernel (an EINVAL without a reason, such as {@code -m sctp} under {@code -p udp}), the
 * reason says what is wrong instead.
 *
 * <h2>Where we are stricter than iptables-restore (each a ParseException, never a silent skip)</h2>
 * Unterminated double quotes (iptables swallows the newline into the argument); commands other than
 * {@code -A}, {@code -N}, {@code -P}; match modules and targets outside the model (set, owner, statistic, recent,
 * NFLOG, TPROXY, ...); host and service names (they depend on DNS and /etc/services); ICMP type
 * prefixes; an iprange running backwards (the kernel only warns); two {@code --dport} in two tcp matches;
 * malformed {@code [p:b]} counters even without {@code -c}; counters of 2^63 and more.
 *
 * <h2>Comment lines</h2>
 * iptables-save frames each table with {@code # Generated by iptables-save v1.8.9 (nf_tables) on DATE}
 * and {@code # Completed on DATE}. The writer can leave them out, write them without the date (the shared
 * reference file's form, and what the round-trip tests compare after cutting {@code " on DATE"} off the
 * kernel's output), or write them with a given date.
 */
package io.bridgelab.netfilter.text;
