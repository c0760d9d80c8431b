package dev.runbox.jobs.callback;

import dev.runbox.jobs.callback.CallbackRefusedException.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The guard against server-side request forgery through callback URLs. A URL passes when it is an
 * absolute {@code http} or {@code https} URL with a host, no user information and a valid port, and
 * either its {@code host:port} (or its host alone) is in the allow list, or its host is not a
 * {@code localhost} name and every address it resolves to is {@link AddressClass#PUBLIC public}.
 *
 * <p>It is checked at submit (the refusal is a 400 naming {@code callback_url}) and again at every
 * delivery, which connects to the address checked then: a name that resolves elsewhere later (DNS
 * rebinding) is caught at delivery, and cannot slip between the check and the connection. Numeric
 * hosts other than canonical dotted quads ({@code 2130706433}, {@code 0177.0.0.1}, {@code 127.1},
 * {@code 0x7f.1}) are refused outright, since resolvers disagree on what they mean. Immutable and
 * thread-safe.
 */
public final class CallbackGuard {
  public static final String FIELD = "callback_url";

  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(.*\\.)?(0x)?[0-9a-f]*[0-9]");

  /** Resolves a host name (lower-cased) to its addresses; never called for IP literals. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The system resolver, waited for at most {@code timeout}: a lookup that takes longer counts as
     * unresolved (its thread finishes in the background).
     */
    static Resolver system(Duration timeout) {
      return host -> {
        CompletableFuture<List<InetAddress>> lookup = new CompletableFuture<>();
        Thread.ofVirtual()
            .name("callback-resolve")
            .start(
                () -> {
                  try {
                    lookup.complete(Arrays.asList(InetAddress.getAllByName(host)));
                  } catch (UnknownHostException | RuntimeException e) {
                    lookup.completeExceptionally(e);
                  }
                });
        try {
          return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          throw new UnknownHostException(host + " (no answer within " + timeout + ")");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnknownHostException(host + " (interrupted)");
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownHostException unknown) {
            throw unknown;
          }
          UnknownHostException unknown = new UnknownHostException(host);
          unknown.initCause(e.getCause());
          throw unknown;
        }
      };
    }
  }

  private final Set<String> allow;
  private final Resolver resolver;

  /**
   * @param allow {@code callback_allow}: entries {@code host:port} or {@code host} ({@code
   *     127.0.0.1:8089}, {@code [::1]:8089}, {@code hooks.internal}); a bad entry is an {@link
   *     IllegalArgumentException} naming {@code callback_allow}
   * @param resolver how host names are resolved
   */
  public CallbackGuard(Collection<String> allow, Resolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    Set<String> entries = new HashSet<>();
    for (String entry : allow) {
      entries.add(allowEntry(entry));
    }
    this.allow = Set.copyOf(entries);
  }

  /** With the system resolver, waited for at most 5 s. */
  public static CallbackGuard withSystemResolver(Collection<String> allow) {
    return new CallbackGuard(allow, Resolver.system(Duration.ofSeconds(5)));
  }

  /**
   * Checks a callback URL and resolves its host once.
   *
   * @return the target to connect to, with the addresses checked
   * @throws CallbackRefusedException when the URL may not be called; its message names {@code
   *     callback_url}
   */
  public CallbackTarget check(String url) {
    if (url == null || url.isBlank()) {
      throw refused(Reason.INVALID_URL, "callback_url must be an http or https URL");
    }
    URI uri;
    try {
      uri = new URI(url);
      uri = new URI(uri.toASCIIString());
    } catch (URISyntaxException e) {
      throw refused(Reason.INVALID_URL, "callback_url is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(
          Reason.INVALID_URL,
          "callback_url must be an http or https URL, not '" + abbreviate(url) + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw refused(Reason.INVALID_URL, "callback_url must not contain user information ('@')");
    }
    if (uri.getHost() == null) {
      throw refused(
          Reason.INVALID_URL,
          "callback_url has no valid host (names and dotted-quad or bracketed IPv6 addresses only): '"
              + abbreviate(url)
              + "'");
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
    if (port < 1 || port > 65535) {
      throw refused(Reason.INVALID_URL, "callback_url has an invalid port " + uri.getPort());
    }
    String host = unbracket(uri.getHost());
    boolean literal = isLiteral(host);
    String name = normalise(host, literal);
    if (!literal && NUMERIC_LAST_LABEL.matcher(name).matches()) {
      throw refused(
          Reason.INVALID_URL,
          "callback_url has an ambiguous numeric host '" + host + "': write the dotted quad");
    }
    boolean allowed = allow.contains(name) || allow.contains(name + ":" + port);
    if (!allowed && (name.equals("localhost") || name.endsWith(".localhost"))) {
      throw refused(
          Reason.FORBIDDEN_ADDRESS,
          "callback_url may not call "
              + host
              + " (a loopback name) unless it is in callback_allow");
    }
    List<InetAddress> addresses =
        literal ? List.of(parseLiteral(host)) : resolve(host.toLowerCase(Locale.ROOT));
    if (!allowed) {
      for (InetAddress address : addresses) {
        AddressClass kind = AddressClass.of(address);
        if (kind != AddressClass.PUBLIC) {
          throw refused(
              Reason.FORBIDDEN_ADDRESS,
              "callback_url may not call "
                  + (literal
                      ? address.getHostAddress()
                      : host + " (" + address.getHostAddress() + ")")
                  + ", "
                  + kind.description()
                  + ": callbacks go to public addresses only, unless callback_allow lists "
                  + name
                  + ":"
                  + port);
        }
      }
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    return new CallbackTarget(uri, https, host, port, addresses, uri.getRawAuthority(), target);
  }

  private List<InetAddress> resolve(String host) {
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw refused(Reason.UNRESOLVED, "callback_url's host " + host + " does not resolve");
    }
    if (addresses == null || addresses.isEmpty()) {
      throw refused(Reason.UNRESOLVED, "callback_url's host " + host + " does not resolve");
    }
    return List.copyOf(addresses);
  }

  /** Normalises an allow-list entry to {@code host} or {@code host:port}. */
  private static String allowEntry(String raw) {
    String entry = raw == null ? "" : raw.strip();
    String host;
    String port = null;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw badEntry(raw, "an unclosed '['");
      }
      host = entry.substring(1, close);
      String rest = entry.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw badEntry(raw, "text after ']' that is not ':port'");
        }
        port = rest.substring(1);
      }
      if (!host.contains(":")) {
        throw badEntry(raw, "brackets around something that is not an IPv6 address");
      }
    } else if (entry.indexOf(':') != entry.lastIndexOf(':')) {
      host = entry; // a bare IPv6 address, no port
    } else {
      int colon = entry.indexOf(':');
      host = colon < 0 ? entry : entry.substring(0, colon);
      port = colon < 0 ? null : entry.substring(colon + 1);
    }
    if (host.isEmpty() || host.contains("/") || host.contains("@") || host.contains(" ")) {
      throw badEntry(raw, "no host");
    }
    boolean literal = isLiteral(host);
    if (literal) {
      try {
        parseLiteral(host);
      } catch (CallbackRefusedException e) {
        throw badEntry(raw, "an invalid IP address");
      }
    }
    String name = normalise(host, literal);
    if (!literal && NUMERIC_LAST_LABEL.matcher(name).matches()) {
      throw badEntry(raw, "a numeric host that is not a dotted quad");
    }
    if (port == null) {
      return name;
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 1 || number > 65535) {
      throw badEntry(raw, "a port that is not 1-65535");
    }
    return name + ":" + number;
  }

  private static IllegalArgumentException badEntry(String entry, String why) {
    return new IllegalArgumentException(
        "callback_allow: '" + entry + "' is not host or host:port (" + why + ")");
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || DOTTED_QUAD.matcher(host).matches();
  }

  /** An IP literal's address; no lookup is made for a literal. */
  private static InetAddress parseLiteral(String host) {
    try {
      return InetAddress.getByName(host.contains(":") ? "[" + host + "]" : host);
    } catch (UnknownHostException e) {
      throw refused(Reason.INVALID_URL, "callback_url has an invalid IP address " + host);
    }
  }

  /** Literals in their canonical text, names lower-cased without a final dot. */
  private static String normalise(String host, boolean literal) {
    if (literal) {
      InetAddress address = parseLiteral(host);
      String text = address.getHostAddress();
      return text.contains(":") ? "[" + text + "]" : text;
    }
    String name = host.toLowerCase(Locale.ROOT);
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String abbreviate(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "…";
  }

  private static CallbackRefusedException refused(Reason reason, String message) {
    return new CallbackRefusedException(reason, message);
  }
}
