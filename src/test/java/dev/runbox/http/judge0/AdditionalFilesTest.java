package dev.runbox.http.judge0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class AdditionalFilesTest {
  private static final int MAX_FILES = 20;
  private static final long MAX_BYTES = 64 * 1024;

  /** An archive of these entries in order: a name ending in '/' is a folder entry. */
  private static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Map<String, byte[]> entries(String... namesAndTexts) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndTexts.length; i += 2) {
      m.put(namesAndTexts[i], namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  private static byte[] zip(String... namesAndTexts) {
    return zip(entries(namesAndTexts));
  }

  private static Map<String, byte[]> read(byte[] archive) {
    return AdditionalFiles.read(archive, MAX_FILES, MAX_BYTES);
  }

  private static AbstractThrowableAssert<?, ?> refused(byte[] archive) {
    return refused(archive, MAX_FILES, MAX_BYTES);
  }

  private static AbstractThrowableAssert<?, ?> refused(byte[] archive, int files, long bytes) {
    return assertThatThrownBy(() -> AdditionalFiles.read(archive, files, bytes))
        .isInstanceOfSatisfying(
            AdditionalFiles.Refused.class,
            e -> assertThat(e.field()).isEqualTo("additional_files"));
  }

  /** The archive with every occurrence of one ASCII name replaced by another of its length. */
  private static byte[] rename(byte[] archive, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    byte[] t = to.getBytes(StandardCharsets.US_ASCII);
    byte[] out = archive.clone();
    for (int i = 0; i + f.length <= out.length; i++) {
      if (Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
      }
    }
    return out;
  }

  /** Sets the Unix mode of the central directory's entries, as Info-ZIP on Unix writes it. */
  private static byte[] withUnixMode(byte[] archive, int mode) {
    byte[] out = archive.clone();
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 46 <= out.length; i++) {
      if (b.getInt(i) == 0x02014b50) {
        b.putShort(i + 4, (short) (3 << 8 | 20));
        b.putInt(i + 38, mode << 16);
      }
    }
    return out;
  }

  @Test
  void unpacksTheFilesInTheArchivesOrderAndSkipsFolderEntries() {
    byte[] binary = {0, 1, 2, (byte) 0xff};
    Map<String, byte[]> sent = new LinkedHashMap<>();
    sent.put("compile", "gcc main.c\n".getBytes(StandardCharsets.UTF_8));
    sent.put("src/", new byte[0]);
    sent.put("src/main.c", "int main(){}\n".getBytes(StandardCharsets.UTF_8));
    sent.put("data.bin", binary);

    Map<String, byte[]> files = read(zip(sent));

    assertThat(files).containsOnlyKeys("compile", "src/main.c", "data.bin");
    assertThat(files.keySet()).containsExactly("compile", "src/main.c", "data.bin");
    assertThat(files.get("data.bin")).isEqualTo(binary);
    assertThat(new String(files.get("src/main.c"), StandardCharsets.UTF_8))
        .isEqualTo("int main(){}\n");
    assertThat(read(zip(entries()))).as("an empty archive").isEmpty();
  }

  @Test
  void acceptsFilesExactlyAtTheBounds() {
    Map<String, byte[]> sent = new LinkedHashMap<>();
    sent.put("a", new byte[(int) MAX_BYTES - 1]);
    sent.put("b", new byte[1]);

    assertThat(AdditionalFiles.read(zip(sent), 2, MAX_BYTES)).hasSize(2);
    assertThat(read(withUnixMode(zip(sent), 0100644))).as("regular files by their mode").hasSize(2);
  }

  @Test
  void refusesAZipBombCountingTheBytesAsTheyAreInflated() {
    byte[] bomb = zip(Map.of("zeros", new byte[10 * 1024 * 1024]));
    assertThat(bomb.length).as("a small archive").isLessThan(64 * 1024);

    refused(bomb).hasMessageContaining("unpacks to more than 65536 bytes (at 'zeros')");
  }

  @Test
  void refusesFilesThatTogetherUnpackToMoreThanTheBound() {
    Map<String, byte[]> sent = new LinkedHashMap<>();
    sent.put("a", new byte[40 * 1024]);
    sent.put("b", new byte[40 * 1024]);

    refused(zip(sent)).hasMessageContaining("more than 65536 bytes (at 'b')");
  }

  @Test
  void refusesEntriesThatClimbOutOrAreAbsolute() {
    refused(zip("../evil.sh", "x")).hasMessageContaining("'..'").hasMessageContaining("evil.sh");
    refused(zip("a/../../evil.sh", "x")).hasMessageContaining("'..'");
    refused(zip("/etc/passwd", "x")).hasMessageContaining("absolute");
    refused(zip("../up/", "")).as("a folder entry too").hasMessageContaining("'..'");
    refused(zip("a\\..\\b", "x")).hasMessageContaining("backslash");
  }

  @Test
  void refusesTheSameNameTwiceAndANameThatIsAFileAndAFolder() {
    refused(rename(zip("a.txt", "1", "b.txt", "2"), "b.txt", "a.txt"))
        .hasMessageContaining("duplicate file name: 'a.txt'");
    refused(zip("lib", "1", "lib/x", "2"))
        .hasMessageContaining("'lib' is both a file and a folder");
  }

  @Test
  void refusesSymbolicLinksAndOtherSpecialEntries() {
    refused(withUnixMode(zip("link", "/etc/passwd"), 0120777))
        .hasMessageContaining("symbolic link, 'link'");
    refused(withUnixMode(zip("fifo", ""), 0010644)).hasMessageContaining("neither a file nor");
  }

  @Test
  void refusesMoreFilesThanTheBoundButNotFolderEntries() {
    refused(zip("a", "1", "b", "2", "c", "3"), 2, MAX_BYTES)
        .hasMessageContaining("more than 2 files");
    assertThat(AdditionalFiles.read(zip("d/", "", "d/a", "1", "e/", "", "d/b", "2"), 2, MAX_BYTES))
        .containsOnlyKeys("d/a", "d/b");
  }

  @Test
  void refusesWhatIsNotAZipArchiveOrIsCorrupt() {
    byte[] good = zip("main.py", "print('hello, world')\n".repeat(20));

    refused(new byte[0]).hasMessageContaining("not a zip archive");
    refused("print(1)".getBytes(StandardCharsets.UTF_8)).hasMessageContaining("not a zip archive");
    refused(Arrays.copyOf(good, good.length - 30)).hasMessageContaining("not a zip archive");
    byte[] flipped = good.clone();
    flipped[40] ^= 0x55;
    refused(flipped).hasMessageContaining("corrupt");
    byte[] prefixed = new byte[good.length + 7];
    System.arraycopy(good, 0, prefixed, 7, good.length);
    refused(prefixed).hasMessageContaining("corrupt");
    byte[] disagreeing = good.clone();
    byte[] name = "main.py".getBytes(StandardCharsets.US_ASCII);
    int central = -1;
    for (int i = 0; i + name.length <= good.length; i++) {
      if (Arrays.equals(good, i, i + name.length, name, 0, name.length)) {
        central = i;
      }
    }
    disagreeing[central] = 'n';
    refused(disagreeing).hasMessageContaining("central directory disagree at 'main.py'");
    byte[] zip64 = good.clone();
    ByteBuffer.wrap(zip64).order(ByteOrder.LITTLE_ENDIAN).putShort(zip64.length - 12, (short) -1);
    refused(zip64).hasMessageContaining("no ZIP64 end record");
  }
}
