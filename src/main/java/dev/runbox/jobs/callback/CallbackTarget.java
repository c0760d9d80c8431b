package dev.runbox.jobs.callback;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * A callback URL the guard accepted, with the addresses it checked: delivery connects to {@link
 * #address()} (never resolving the name again) and sends {@link #hostHeader()} as the URL gave it.
 *
 * @param uri the URL as parsed
 * @param https whether TLS is used (the certificate is checked against {@link #host()})
 * @param host the URL's host, without IPv6 brackets: the TLS server name
 * @param port the URL's port, or the scheme's default
 * @param addresses every address the host resolved to, all checked; never empty
 * @param hostHeader the {@code Host} header: the URL's authority, as written
 * @param requestTarget the path and query to request ({@code /} when the URL has no path)
 */
public record CallbackTarget(
    URI uri,
    boolean https,
    String host,
    int port,
    List<InetAddress> addresses,
    String hostHeader,
    String requestTarget) {
  public CallbackTarget {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a target needs an address");
    }
  }

  /** The address delivery connects to: the first one resolved. */
  public InetAddress address() {
    return addresses.get(0);
  }
}
