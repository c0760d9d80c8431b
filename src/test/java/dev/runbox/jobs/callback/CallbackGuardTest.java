package dev.runbox.jobs.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.jobs.callback.CallbackRefusedException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackGuardTest {
  /** A resolver that knows only the names a test gives it, and counts its lookups. */
  private static final class FakeDns implements CallbackGuard.Resolver {
    final Map<String, List<String>> names = new HashMap<>();
    final List<String> lookups = new ArrayList<>();

    FakeDns with(String name, String... addresses) {
      names.put(name, List.of(addresses));
      return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
      lookups.add(host);
      List<String> found = names.get(host);
      if (found == null) {
        throw new UnknownHostException(host);
      }
      List<InetAddress> addresses = new ArrayList<>();
      for (String literal : found) {
        addresses.add(InetAddress.getByName(literal));
      }
      return addresses;
    }
  }

  private final FakeDns dns =
      new FakeDns()
          .with("hooks.example.com", "93.184.216.34")
          .with("dual.example.com", "93.184.216.34", "2606:4700:4700::1111")
          .with("rebind.example.com", "93.184.216.34", "10.0.0.5")
          .with("internal.example.com", "192.168.0.10")
          .with("metadata.example.com", "169.254.169.254")
          .with("mapped.example.com", "::ffff:127.0.0.1")
          .with("evil", "127.0.0.1");

  private CallbackGuard guard(String... allow) {
    return new CallbackGuard(List.of(allow), dns);
  }

  private static CallbackRefusedException refusal(CallbackGuard guard, String url) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> guard.check(url));
    assertThat(thrown).as(url).isInstanceOf(CallbackRefusedException.class);
    CallbackRefusedException refused = (CallbackRefusedException) thrown;
    assertThat(refused.field()).isEqualTo("callback_url");
    assertThat(refused.getMessage()).contains("callback_url");
    return refused;
  }

  @Test
  void aPublicNameIsAcceptedAndPinnedToTheAddressesChecked() {
    CallbackTarget target = guard().check("https://Hooks.Example.com/runbox/done?x=1#frag");
    assertThat(target.https()).isTrue();
    assertThat(target.host()).isEqualTo("Hooks.Example.com");
    assertThat(target.port()).isEqualTo(443);
    assertThat(target.address().getHostAddress()).isEqualTo("93.184.216.34");
    assertThat(target.hostHeader()).isEqualTo("Hooks.Example.com");
    assertThat(target.requestTarget()).isEqualTo("/runbox/done?x=1");
    assertThat(dns.lookups).containsExactly("hooks.example.com");
  }

  @Test
  void theHostHeaderKeepsAnExplicitPortAndAnEmptyPathIsTheRoot() {
    CallbackTarget target = guard().check("http://hooks.example.com:8080");
    assertThat(target.port()).isEqualTo(8080);
    assertThat(target.hostHeader()).isEqualTo("hooks.example.com:8080");
    assertThat(target.requestTarget()).isEqualTo("/");
  }

  @Test
  void publicLiteralsAreAcceptedWithoutALookup() {
    assertThat(guard().check("http://93.184.216.34/").address().getHostAddress())
        .isEqualTo("93.184.216.34");
    CallbackTarget v6 = guard().check("http://[2606:4700:4700::1111]:8443/cb");
    assertThat(v6.host()).isEqualTo("2606:4700:4700::1111");
    assertThat(v6.hostHeader()).isEqualTo("[2606:4700:4700::1111]:8443");
    assertThat(dns.lookups).isEmpty();
  }

  @Test
  void everyAddressOfANameMustBePublic() {
    assertThat(guard().check("http://dual.example.com/").addresses()).hasSize(2);
    CallbackRefusedException refused = refusal(guard(), "http://rebind.example.com/");
    assertThat(refused.reason()).isEqualTo(Reason.FORBIDDEN_ADDRESS);
    assertThat(refused.getMessage()).contains("10.0.0.5", "a private address", "callback_allow");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://255.255.255.255/",
        "http://[::1]/",
        "http://[::]/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fec0::1]/",
        "http://[fd00::1]/",
        "http://[ff02::1]/",
        "http://internal.example.com/",
        "http://metadata.example.com/",
        "http://mapped.example.com/",
        "http://localhost/",
        "http://LOCALHOST:8080/",
        "http://localhost./",
        "http://api.localhost/"
      })
  void nonPublicAddressesAndLoopbackNamesAreRefused(String url) {
    assertThat(refusal(guard(), url).reason()).isEqualTo(Reason.FORBIDDEN_ADDRESS);
  }

  @Test
  void localhostIsRefusedByNameWithoutALookup() {
    refusal(guard(), "http://localhost:8089/");
    assertThat(dns.lookups).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://hooks.example.com/",
        "file:///etc/passwd",
        "gopher://hooks.example.com/",
        "javascript:alert(1)",
        "mailto:ops@example.com",
        "//hooks.example.com/",
        "hooks.example.com/cb",
        "",
        "   ",
        "http:///path",
        "http://",
        "http://a_b/",
        "http://hooks.example.com:0/",
        "http://hooks.example.com:65536/",
        "http://hooks.example.com:99999/",
        "http://hooks example.com/",
        "http://127.0.0.1@evil/",
        "http://user:pw@hooks.example.com/",
        "http://hooks.example.com@127.0.0.1/",
        "http://0x7f.1/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://017700000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://127.000.000.001/",
        "http://127.0.0.1./",
        "http://256.0.0.1/"
      })
  void malformedUrlsAndConfusingHostsAreRefused(String url) {
    assertThat(refusal(guard(), url).reason()).isEqualTo(Reason.INVALID_URL);
    assertThat(dns.lookups).isEmpty();
  }

  @Test
  void theUserInfoTrickIsNamed() {
    assertThat(refusal(guard(), "http://127.0.0.1@evil/").getMessage())
        .contains("user information");
  }

  @Test
  void anUnresolvableNameIsRefusedAsUnresolved() {
    CallbackRefusedException refused = refusal(guard(), "http://nowhere.invalid/");
    assertThat(refused.reason()).isEqualTo(Reason.UNRESOLVED);
    assertThat(refused.getMessage()).contains("nowhere.invalid", "does not resolve");
  }

  @Test
  void aRefusalIsARequestMistake() {
    assertThatThrownBy(() -> guard().check("http://10.0.0.1/"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void theAllowListAdmitsAHostAndPortAndNothingElse() {
    CallbackGuard guard = guard("127.0.0.1:8089");
    assertThat(guard.check("http://127.0.0.1:8089/cb").address().getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(guard.check("http://[::ffff:127.0.0.1]:8089/cb").address().getHostAddress())
        .isEqualTo("127.0.0.1");
    refusal(guard, "http://127.0.0.1:8090/cb");
    refusal(guard, "http://127.0.0.1/cb");
    refusal(guard, "http://127.0.0.2:8089/cb");
    refusal(guard, "http://localhost:8089/cb");
  }

  @Test
  void aHostAloneAdmitsEveryPortOfIt() {
    CallbackGuard guard = guard("Internal.Example.com.", "[::1]", "localhost:9000");
    assertThat(guard.check("http://internal.example.com/").port()).isEqualTo(80);
    assertThat(guard.check("https://internal.example.com:8443/").port()).isEqualTo(8443);
    assertThat(guard.check("http://[::1]:1234/").address().isLoopbackAddress()).isTrue();
    assertThat(guard.check("http://[0:0:0:0:0:0:0:1]:1234/").address().isLoopbackAddress())
        .isTrue();
    refusal(guard, "http://metadata.example.com/");
  }

  @Test
  void anAllowedLocalhostNameIsStillResolvedAndPinned() {
    dns.with("localhost", "127.0.0.1");
    CallbackTarget target = guard("localhost:9000").check("http://localhost:9000/");
    assertThat(target.address().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(target.hostHeader()).isEqualTo("localhost:9000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        ":8080",
        "host:",
        "host:0",
        "host:70000",
        "host:http",
        "[::1",
        "[::1]x",
        "[host]:80",
        "http://host/",
        "a@b",
        "999.1.2.3"
      })
  void aBadAllowEntryIsRefusedNamingTheSetting(String entry) {
    assertThatThrownBy(() -> guard(entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callback_allow");
  }

  @Test
  void aSecondCheckResolvesAgainSoADnsChangeIsCaught() {
    CallbackGuard guard = guard();
    assertThat(guard.check("http://hooks.example.com/").address().getHostAddress())
        .isEqualTo("93.184.216.34");
    dns.with("hooks.example.com", "169.254.169.254");
    assertThat(refusal(guard, "http://hooks.example.com/").reason())
        .isEqualTo(Reason.FORBIDDEN_ADDRESS);
  }
}
