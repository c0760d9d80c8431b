package dev.runbox.jobs.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "127.0.0.1, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "10.0.0.1, PRIVATE",
    "10.255.255.255, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "172.15.255.255, PUBLIC",
    "172.32.0.0, PUBLIC",
    "192.168.1.1, PRIVATE",
    "192.169.0.1, PUBLIC",
    "100.64.0.1, SHARED",
    "100.127.255.255, SHARED",
    "100.63.255.255, PUBLIC",
    "100.128.0.0, PUBLIC",
    "169.254.169.254, LINK_LOCAL",
    "169.254.0.1, LINK_LOCAL",
    "224.0.0.1, MULTICAST",
    "239.255.255.250, MULTICAST",
    "240.0.0.1, RESERVED",
    "255.255.255.255, RESERVED",
    "192.0.0.170, RESERVED",
    "192.0.2.1, RESERVED",
    "198.18.0.1, RESERVED",
    "198.51.100.1, RESERVED",
    "203.0.113.1, RESERVED",
    "8.8.8.8, PUBLIC",
    "93.184.216.34, PUBLIC",
    "1.1.1.1, PUBLIC",
    "'::', UNSPECIFIED",
    "'::1', LOOPBACK",
    "'::ffff:127.0.0.1', LOOPBACK",
    "'::ffff:7f00:1', LOOPBACK",
    "'::ffff:10.1.2.3', PRIVATE",
    "'::ffff:169.254.169.254', LINK_LOCAL",
    "'::ffff:0.0.0.0', UNSPECIFIED",
    "'::ffff:8.8.8.8', PUBLIC",
    "'::127.0.0.1', LOOPBACK",
    "'::10.0.0.1', PRIVATE",
    "'64:ff9b::127.0.0.1', LOOPBACK",
    "'64:ff9b::8.8.8.8', PUBLIC",
    "'64:ff9b:1::1', PRIVATE",
    "'2002:7f00:1::1', LOOPBACK",
    "'2002:a9fe:a9fe::1', LINK_LOCAL",
    "'fe80::1', LINK_LOCAL",
    "'febf::1', LINK_LOCAL",
    "'fec0::1', SITE_LOCAL",
    "'fc00::1', UNIQUE_LOCAL",
    "'fd12:3456::1', UNIQUE_LOCAL",
    "'ff02::1', MULTICAST",
    "'ff05::2', MULTICAST",
    "'2001:db8::1', RESERVED",
    "'2001::1', RESERVED",
    "'100::1', RESERVED",
    "'2606:4700:4700::1111', PUBLIC",
    "'2a00:1450:4001::1', PUBLIC"
  })
  void classifies(String literal, AddressClass expected) throws UnknownHostException {
    assertThat(AddressClass.of(InetAddress.getByName(literal))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} as raw IPv6 bytes is {1}")
  @CsvSource({"127.0.0.1, LOOPBACK", "169.254.169.254, LINK_LOCAL", "8.8.8.8, PUBLIC"})
  void classifiesAnIpv4MappedAddressHeldAsIpv6(String v4, AddressClass expected)
      throws UnknownHostException {
    byte[] four = InetAddress.getByName(v4).getAddress();
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(four, 0, mapped, 12, 4);
    // Inet6Address.getByAddress keeps the 16 bytes, as a resolver could hand them over
    assertThat(AddressClass.of(java.net.Inet6Address.getByAddress(null, mapped, null)))
        .isEqualTo(expected);
  }
}
