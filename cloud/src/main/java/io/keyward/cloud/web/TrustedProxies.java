package io.keyward.cloud.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} the cloud believes
 * ({@code keyward.http.trusted-proxies}: CIDRs, IPv4 or IPv6, comma-separated; empty by default, so a
 * client cannot choose the address the sign-in limits count - issue 10 finding 9). The client is the
 * right-most address of the chain "X-Forwarded-For entries, then the peer" that is not a trusted proxy:
 * each trusted proxy appended the address it saw, and whatever stands left of the first untrusted
 * address was written by someone we do not trust.
 */
final class TrustedProxies {

    private record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Cidr> ranges;

    private TrustedProxies(List<Cidr> ranges) {
        this.ranges = ranges;
    }

    /** @throws IllegalArgumentException naming the entry that is not a CIDR (the cloud does not start) */
    static TrustedProxies parse(String setting) {
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : setting == null ? new String[0] : setting.split(",")) {
            if (!entry.isBlank()) {
                ranges.add(cidr(entry.strip()));
            }
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    boolean trusts(String address) {
        byte[] bytes = literal(address);
        return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /**
     * The client's address: the peer itself unless it is a trusted proxy; then, walking the forwarded
     * chain from the right, the first address that is not a trusted proxy. A chain made only of
     * proxies gives its left-most entry; an entry that is not an IP literal stops the walk at the
     * last address we could believe.
     */
    String client(String peer, List<String> forwardedFor) {
        String client = peer;
        for (int i = forwardedFor.size() - 1; i >= 0 && trusts(client); i--) {
            String hop = forwardedFor.get(i);
            if (literal(hop) == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    private static Cidr cidr(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("keyward.http.trusted-proxies: '" + entry + "' is not an IP address or CIDR");
        }
        int bits = network.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("keyward.http.trusted-proxies: '" + entry + "' has a bad prefix length");
            }
        }
        return new Cidr(network, bits);
    }

    // compiled once: String.matches compiled them on every request (issue 11 item 5)
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    /** The bytes of an IPv4 or IPv6 literal, or null: never a DNS lookup (a header must not make us resolve names). */
    static byte[] literal(String text) {
        String address = text == null ? "" : text.strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        boolean ipv4 = IPV4.matcher(address).matches();
        boolean ipv6 = address.contains(":") && IPV6.matcher(address).matches();
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }
}
