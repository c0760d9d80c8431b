package dev.runbox.jobs.callback;

import java.net.InetAddress;

/**
 * What kind of address an IP address is, as far as a callback may reach it. Only {@link #PUBLIC} is
 * reachable without an allow-list entry. IPv6 forms that embed an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are classed by the embedded
 * address.
 */
public enum AddressClass {
  PUBLIC("a public address"),
  /** {@code 0.0.0.0/8}, {@code ::}. */
  UNSPECIFIED("an unspecified address"),
  /** {@code 127.0.0.0/8}, {@code ::1}. */
  LOOPBACK("a loopback address"),
  /** {@code 10.0.0.0/8}, {@code 172.16.0.0/12}, {@code 192.168.0.0/16}, {@code 64:ff9b:1::/48}. */
  PRIVATE("a private address"),
  /** {@code 100.64.0.0/10}, carrier-grade NAT. */
  SHARED("a shared (carrier-grade NAT) address"),
  /** {@code 169.254.0.0/16} (cloud metadata services live here), {@code fe80::/10}. */
  LINK_LOCAL("a link-local address"),
  /** {@code fec0::/10}. */
  SITE_LOCAL("a site-local address"),
  /** {@code fc00::/7}. */
  UNIQUE_LOCAL("a unique-local address"),
  /** {@code 224.0.0.0/4}, {@code ff00::/8}. */
  MULTICAST("a multicast address"),
  /**
   * Special-purpose and unrouted blocks: {@code 192.0.0.0/24}, documentation, benchmarking ({@code
   * 198.18.0.0/15}), {@code 240.0.0.0/4} and broadcast; IPv6 outside {@code 2000::/3},
   * documentation {@code 2001:db8::/32}, Teredo {@code 2001::/32}.
   */
  RESERVED("a reserved address");

  private final String description;

  AddressClass(String description) {
    this.description = description;
  }

  /** For messages: "a loopback address". */
  public String description() {
    return description;
  }

  public static AddressClass of(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == 4 ? ofIpv4(b, 0) : ofIpv6(b);
  }

  private static AddressClass ofIpv4(byte[] bytes, int from) {
    int a = bytes[from] & 0xff;
    int b = bytes[from + 1] & 0xff;
    int c = bytes[from + 2] & 0xff;
    if (a == 0) {
      return UNSPECIFIED;
    }
    if (a == 127) {
      return LOOPBACK;
    }
    if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
      return PRIVATE;
    }
    if (a == 100 && (b & 0xc0) == 64) {
      return SHARED;
    }
    if (a == 169 && b == 254) {
      return LINK_LOCAL;
    }
    if (a >= 224 && a <= 239) {
      return MULTICAST;
    }
    if (a >= 240
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 192 && b == 88 && c == 99)
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static AddressClass ofIpv6(byte[] b) {
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return ofIpv4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (zero(b, 0, 12)) {
      if (zero(b, 12, 16)) {
        return UNSPECIFIED;
      }
      if (zero(b, 12, 15) && b[15] == 1) {
        return LOOPBACK;
      }
      return ofIpv4(b, 12); // IPv4-compatible ::a.b.c.d (deprecated)
    }
    int w0 = word(b, 0);
    int w1 = word(b, 2);
    if (w0 == 0x64 && w1 == 0xff9b) {
      if (zero(b, 4, 12)) {
        return ofIpv4(b, 12); // NAT64 64:ff9b::/96
      }
      if (word(b, 4) == 1) {
        return PRIVATE; // local-use NAT64 64:ff9b:1::/48
      }
    }
    if (w0 == 0x2002) {
      return ofIpv4(b, 2); // 6to4
    }
    if ((w0 & 0xff00) == 0xff00) {
      return MULTICAST;
    }
    if ((w0 & 0xffc0) == 0xfe80) {
      return LINK_LOCAL;
    }
    if ((w0 & 0xffc0) == 0xfec0) {
      return SITE_LOCAL;
    }
    if ((w0 & 0xfe00) == 0xfc00) {
      return UNIQUE_LOCAL;
    }
    if ((w0 & 0xe000) != 0x2000 || (w0 == 0x2001 && (w1 == 0x0db8 || w1 == 0))) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static int word(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
