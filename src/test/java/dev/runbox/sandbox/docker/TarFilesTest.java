package dev.runbox.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbox.core.FileSet;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.SandboxFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class TarFilesTest {
  private static final TarFiles.Caps CAPS = new TarFiles.Caps(100, 1024, 64 * 1024);

  private static SandboxFile file(String path, String text, boolean exec) {
    return new SandboxFile(path, text.getBytes(StandardCharsets.UTF_8), exec);
  }

  @Test
  void packedFilesComeBackWithTheirContentAndExecutableBit() throws IOException {
    FileSet files =
        new FileSet(
            List.of(file("a.txt", "alpha", false), file("bin/run.sh", "#!/bin/sh\n", true)));

    TarFiles.Unpacked back =
        TarFiles.unpack(new ByteArrayInputStream(TarFiles.pack(files, Instant.EPOCH)), CAPS);

    assertThat(back.complete()).isTrue();
    assertThat(back.files()).extracting(HarvestedFile::path).containsExactly("a.txt", "bin/run.sh");
    assertThat(back.files().get(0).content().text()).isEqualTo("alpha");
    assertThat(back.files().get(0).executable()).isFalse();
    assertThat(back.files().get(1).executable()).isTrue();
  }

  @Test
  void readsAStreamThatArrivesInSmallChunksFromAnotherThread() throws Exception {
    FileSet files =
        new FileSet(
            List.of(
                file("a", "1".repeat(3000), false),
                file("b", "2", false),
                file("c/d", "3", false)));
    byte[] tar = TarFiles.pack(files, Instant.EPOCH);
    ChunkStream stream = new ChunkStream(4, Duration.ofSeconds(5));
    Thread writer =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (int i = 0; i < tar.length; i += 77) {
                    stream.offer(Arrays.copyOfRange(tar, i, Math.min(tar.length, i + 77)));
                  }
                  stream.end();
                });

    TarFiles.Unpacked back = TarFiles.unpack(stream, CAPS);
    writer.join(5000);

    assertThat(back.files()).extracting(HarvestedFile::path).containsExactly("a", "b", "c/d");
  }

  @Test
  void readsATarOfOneKibRecordsOnAStreamThatStaysOpenWithoutWaitingForMore() throws Exception {
    // what GNU tar -b 2 sends (the wrapper's tar before BusyBox's): a warm container's stream stays
    // open
    byte[] tar = oneFile("out.txt", "hi".getBytes(StandardCharsets.US_ASCII), 1024);
    assertThat(tar).hasSize(2048);
    ChunkStream open = new ChunkStream(4, Duration.ofSeconds(2));
    open.offer(tar);

    TarFiles.Unpacked back = TarFiles.unpack(open, CAPS);

    assertThat(back.files()).extracting(HarvestedFile::path).containsExactly("out.txt");
  }

  @Test
  void readsATarWithNoPaddingAfterItsEndOnAStreamThatStaysOpen() throws Exception {
    // what the wrapper's BusyBox tar sends: 5 blocks (a header, two of data, the two that end the
    // archive), not a whole number of 1 KiB records; the stream of a warm container stays open
    byte[] tar = oneFile("./out.txt", new byte[600], 512);
    assertThat(tar).hasSize(5 * 512);
    ChunkStream open = new ChunkStream(4, Duration.ofSeconds(2));
    open.offer(tar);

    TarFiles.Unpacked back = TarFiles.unpack(open, CAPS);

    assertThat(back.files()).extracting(HarvestedFile::path).containsExactly("out.txt");
    assertThat(back.files().get(0).size()).isEqualTo(600);
  }

  /** A tar of one regular file, written in records of {@code recordSize} bytes. */
  private static byte[] oneFile(String name, byte[] content, int recordSize) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, recordSize)) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(content.length);
      out.putArchiveEntry(e);
      out.write(content);
      out.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  @Test
  void packsNoPaddingAfterTheArchivesEnd() {
    byte[] tar = TarFiles.pack(new FileSet(List.of(file("a.txt", "x", false))), Instant.EPOCH);

    // a header, a block of data, the two blocks that end it: no 10 KiB record around them
    assertThat(tar).hasSize(4 * 512);
  }

  @Test
  void neverTakesSymlinksDevicesOrFolders() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry link = new TarArchiveEntry("./shadow", TarArchiveEntry.LF_SYMLINK);
      link.setLinkName("/etc/shadow");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
      TarArchiveEntry dev = new TarArchiveEntry("./null", TarArchiveEntry.LF_CHR);
      tar.putArchiveEntry(dev);
      tar.closeArchiveEntry();
      TarArchiveEntry fifo = new TarArchiveEntry("./fifo", TarArchiveEntry.LF_FIFO);
      tar.putArchiveEntry(fifo);
      tar.closeArchiveEntry();
      tar.putArchiveEntry(new TarArchiveEntry("./dir/"));
      tar.closeArchiveEntry();
    }

    TarFiles.Unpacked back = TarFiles.unpack(new ByteArrayInputStream(bytes.toByteArray()), CAPS);

    assertThat(back.files()).isEmpty();
  }

  @Test
  void aHardLinkGetsTheContentOfItsTargetInTheArchiveNeverFromTheHost() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry a = new TarArchiveEntry("./a");
      a.setSize(2);
      tar.putArchiveEntry(a);
      tar.write("hi".getBytes(StandardCharsets.UTF_8));
      tar.closeArchiveEntry();
      TarArchiveEntry b = new TarArchiveEntry("./b", TarArchiveEntry.LF_LINK);
      b.setLinkName("./a");
      tar.putArchiveEntry(b);
      tar.closeArchiveEntry();
      TarArchiveEntry c = new TarArchiveEntry("./c", TarArchiveEntry.LF_LINK);
      c.setLinkName("/etc/shadow");
      tar.putArchiveEntry(c);
      tar.closeArchiveEntry();
    }

    TarFiles.Unpacked back = TarFiles.unpack(new ByteArrayInputStream(bytes.toByteArray()), CAPS);

    assertThat(back.files()).extracting(HarvestedFile::path).containsExactly("a", "b");
    assertThat(back.files().get(1).content().text()).isEqualTo("hi");
  }

  @Test
  void capsTheBytesKeptPerFileButHashesTheWholeFile() throws IOException {
    FileSet files = new FileSet(List.of(file("big", "x".repeat(5000), false)));

    HarvestedFile big =
        TarFiles.unpack(new ByteArrayInputStream(TarFiles.pack(files, Instant.EPOCH)), CAPS)
            .files()
            .get(0);

    assertThat(big.content().size()).isEqualTo(1024);
    assertThat(big.content().truncated()).isTrue();
    assertThat(big.size()).isEqualTo(5000);
    assertThat(big.sha256())
        .isEqualTo(
            dev.runbox.core.Digests.sha256("x".repeat(5000).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void stopsAtTheFileCountCapAndSaysTheListIsIncomplete() throws IOException {
    FileSet files =
        new FileSet(List.of(file("1", "", false), file("2", "", false), file("3", "", false)));

    TarFiles.Unpacked back =
        TarFiles.unpack(
            new ByteArrayInputStream(TarFiles.pack(files, Instant.EPOCH)),
            new TarFiles.Caps(2, 10, 10));

    assertThat(back.files()).hasSize(2);
    assertThat(back.complete()).isFalse();
  }

  @Test
  void aNameThatIsNotUtf8IsNeverTakenForTheFileItResembles() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "ISO-8859-1")) {
      for (String name :
          new String[] {
            "given\u00ff", "caf\u00c3\u00a9.txt"
          }) { // bytes: given 0xFF; café.txt in UTF-8
        byte[] body = "forged\n".getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(body.length);
        tar.putArchiveEntry(e);
        tar.write(body);
        tar.closeArchiveEntry();
      }
    }

    TarFiles.Unpacked back = TarFiles.unpack(new ByteArrayInputStream(out.toByteArray()), CAPS);

    assertThat(back.files()).extracting(HarvestedFile::path).containsExactly("caf\u00e9.txt");
    assertThat(back.complete()).isFalse();
  }
}
