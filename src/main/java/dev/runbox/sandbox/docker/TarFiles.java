package dev.runbox.sandbox.docker;

import dev.runbox.core.CapturedBytes;
import dev.runbox.core.Digests;
import dev.runbox.core.FileSet;
import dev.runbox.core.HarvestedFile;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files into and out of a container as tar streams. Coming back, only regular files are taken, as
 * data: links, devices and folders are never followed, and counts and bytes are capped.
 */
final class TarFiles {
  /**
   * The size of a tar's blocks, and of its records both ways: the wrapper's tar (BusyBox) pads
   * nothing after the two blocks that end an archive, and the tars sent in need no padding either
   * (the wrapper passes each through {@code head -c} by its size).
   */
  private static final int BLOCK = 512;

  private TarFiles() {}

  /** The files as a tar archive, with their folders, ready for {@code tar -x -C /sandbox}. */
  static byte[] pack(FileSet files, Instant mtime) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, BLOCK)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      Set<String> folders = new HashSet<>();
      for (SandboxFile f : files.files()) {
        addFolders(tar, f.path(), folders, mtime);
        TarArchiveEntry e = new TarArchiveEntry(f.path());
        e.setSize(f.size());
        e.setMode(f.executable() ? 0100755 : 0100644);
        e.setModTime(mtime.toEpochMilli());
        tar.putArchiveEntry(e);
        tar.write(f.content());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a tar in memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void addFolders(
      TarArchiveOutputStream tar, String path, Set<String> done, Instant mtime) throws IOException {
    int slash = path.indexOf('/');
    while (slash > 0) {
      String folder = path.substring(0, slash + 1);
      if (done.add(folder)) {
        TarArchiveEntry e = new TarArchiveEntry(folder);
        e.setMode(040755);
        e.setModTime(mtime.toEpochMilli());
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
      }
      slash = path.indexOf('/', slash + 1);
    }
  }

  /** Caps on what comes back: file count, bytes kept per file, bytes kept in all. */
  record Caps(int maxFiles, int maxBytesPerFile, long maxBytesKept) {}

  /** The regular files of a tar stream, and whether every one of them was taken. */
  record Unpacked(List<HarvestedFile> files, boolean complete) {}

  static Unpacked unpack(InputStream in, Caps caps) throws IOException {
    List<HarvestedFile> files = new ArrayList<>();
    Map<String, HarvestedFile> byName = new HashMap<>();
    long kept = 0;
    boolean complete = true;
    // Names are read byte for byte (ISO-8859-1) and then decoded strictly as UTF-8: a lossy
    // decoding would let a file named with a stray byte pass for another file.
    // Read in 512-byte records: the reader must not wait for the rest of a larger record that
    // never comes on a stream that stays open.
    TarArchiveInputStream tar =
        new TarArchiveInputStream(in, BLOCK, BLOCK, StandardCharsets.ISO_8859_1.name());
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      if (!isRegular(e) && !e.isLink()) {
        continue; // folders, symlinks, devices, fifos: never taken, never followed
      }
      String path = utf8(e.getName()).map(TarFiles::normalise).orElse("");
      if (path.isEmpty() || !isSafe(path)) {
        complete = false;
        continue;
      }
      if (files.size() >= caps.maxFiles()) {
        complete = false;
        break;
      }
      HarvestedFile h;
      if (e.isLink()) {
        HarvestedFile target =
            utf8(e.getLinkName()).map(TarFiles::normalise).map(byName::get).orElse(null);
        if (target == null) {
          continue;
        }
        h =
            new HarvestedFile(
                path, target.size(), target.sha256(), target.content(), target.executable());
      } else {
        int room = (int) Math.min(caps.maxBytesPerFile(), Math.max(0, caps.maxBytesKept() - kept));
        h = read(tar, path, e, room);
      }
      kept += h.content().size();
      files.add(h);
      byName.put(path, h);
    }
    return new Unpacked(files, complete);
  }

  private static HarvestedFile read(InputStream tar, String path, TarArchiveEntry e, int room)
      throws IOException {
    MessageDigest sha = Digests.newSha256();
    ByteArrayOutputStream keep = new ByteArrayOutputStream(Math.min(room, 8192));
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = tar.read(buf)) > 0) {
      sha.update(buf, 0, n);
      int take = (int) Math.max(0, Math.min(n, room - total));
      keep.write(buf, 0, take);
      total += n;
    }
    boolean truncated = total > room;
    boolean executable = (e.getMode() & 0100) != 0;
    return new HarvestedFile(
        path,
        total,
        HexFormat.of().formatHex(sha.digest()),
        new CapturedBytes(keep.toByteArray(), truncated),
        executable);
  }

  /** commons-compress counts a symlink as a file; only plain regular entries are wanted. */
  private static boolean isRegular(TarArchiveEntry e) {
    return e.isFile()
        && !e.isSymbolicLink()
        && !e.isLink()
        && !e.isDirectory()
        && !e.isCharacterDevice()
        && !e.isBlockDevice()
        && !e.isFIFO()
        && !e.isGNUSparse();
  }

  /** The name's bytes as UTF-8, or empty when they are not valid UTF-8. */
  private static Optional<String> utf8(String latin1) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String normalise(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    if (n.equals(".")) {
      return "";
    }
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private static boolean isSafe(String path) {
    try {
      SandboxPath.check(path);
      return true;
    } catch (InvalidRequestException e) {
      return false;
    }
  }
}
