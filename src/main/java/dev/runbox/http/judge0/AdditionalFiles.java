package dev.runbox.http.judge0;

import dev.runbox.core.FileSet;
import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.SandboxFile;
import dev.runbox.core.SandboxPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Judge0's {@code additional_files}, a zip archive (already Base64-decoded), unpacked in memory
 * into files for the sandbox under the bounds of every runbox request: at most so many files and
 * bytes (the caller's, e.g. what its run policy leaves beside the source file), each name a {@link
 * SandboxPath}, no name twice and none both a file and a folder ({@link FileSet}'s rules). The
 * bytes are counted as they are inflated, and unpacking stops at the bound: the sizes an entry's
 * header claims are never trusted. Symbolic links and other entries that are neither files nor
 * folders are refused (their type is in the archive's central directory, read here); folder entries
 * are skipped. Every refusal is a {@link Refused}, which names {@code additional_files}.
 */
public final class AdditionalFiles {
  /** The Judge0 field these files come in. */
  public static final String FIELD = "additional_files";

  private static final int EOCD = 0x06054b50;
  private static final int EOCD_SIZE = 22;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int CENTRAL_SIZE = 46;
  private static final int MAX_COMMENT = 0xffff;
  private static final int UNIX_TYPE = 0170000;
  private static final int UNIX_FILE = 0100000;
  private static final int UNIX_FOLDER = 0040000;
  private static final int UNIX_LINK = 0120000;

  private AdditionalFiles() {}

  /** A refusal of {@code additional_files}: a caller answers it as Judge0's 422 on that field. */
  public static final class Refused extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(FIELD, message);
    }
  }

  /**
   * The archive's files, name to bytes, in the archive's order.
   *
   * @param archive the zip archive's bytes
   * @param maxFiles the most files it may hold (folder entries aside)
   * @param maxBytes the most bytes its files may unpack to, all together
   * @throws Refused when the archive is corrupt or breaks a bound or a rule
   */
  public static Map<String, byte[]> read(byte[] archive, int maxFiles, long maxBytes) {
    List<Central> central = centralDirectory(archive);
    Map<String, byte[]> out = new LinkedHashMap<>();
    List<SandboxFile> files = new ArrayList<>();
    long total = 0;
    int index = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry(), index++) {
        if (index >= central.size() || !central.get(index).name().equals(e.getName())) {
          throw new Refused(
              "the archive is corrupt: its entries and its central directory disagree at '"
                  + e.getName()
                  + "'");
        }
        Central c = central.get(index);
        if (c.folder() || e.isDirectory()) {
          checkName(folderName(e.getName()));
          continue;
        }
        checkName(e.getName());
        if (files.size() == maxFiles) {
          throw new Refused(
              "the archive holds more than "
                  + maxFiles
                  + " files; at most "
                  + maxFiles
                  + " are accepted");
        }
        byte[] bytes = inflate(zip, e.getName(), maxBytes - total, maxBytes);
        total += bytes.length;
        files.add(sandboxFile(e.getName(), bytes));
        out.put(e.getName(), bytes);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new Refused("the archive is corrupt: " + e.getMessage());
    }
    if (index != central.size()) {
      throw new Refused(
          "the archive is corrupt: its central directory lists "
              + central.size()
              + " entries but "
              + index
              + " were found");
    }
    try {
      new FileSet(files);
    } catch (InvalidRequestException e) {
      throw new Refused(e.getMessage());
    }
    return Collections.unmodifiableMap(out);
  }

  /** One entry as the central directory lists it. */
  private record Central(String name, boolean folder) {}

  /** Reads at most {@code room} bytes of the current entry, refusing at the first byte more. */
  private static byte[] inflate(ZipInputStream zip, String name, long room, long maxBytes)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long read = 0;
    for (int n = zip.read(buffer); n >= 0; n = zip.read(buffer)) {
      read += n;
      if (read > room) {
        throw new Refused(
            "the archive unpacks to more than "
                + maxBytes
                + " bytes (at '"
                + name
                + "'); at most "
                + maxBytes
                + " are accepted");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static String folderName(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }

  private static void checkName(String name) {
    try {
      SandboxPath.check(name);
    } catch (InvalidRequestException e) {
      throw new Refused("an entry's name is refused: " + e.getMessage());
    }
  }

  private static SandboxFile sandboxFile(String name, byte[] bytes) {
    try {
      return new SandboxFile(name, bytes, false);
    } catch (InvalidRequestException e) {
      throw new Refused("an entry's name is refused: " + e.getMessage());
    }
  }

  /**
   * The entries' names and types from the central directory, which alone records a symbolic link
   * (in the Unix mode of the external attributes); refuses links and any type but file or folder.
   */
  private static List<Central> centralDirectory(byte[] archive) {
    ByteBuffer b = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
    int eocd = findEndRecord(b);
    long entries = b.getShort(eocd + 10) & 0xffff;
    long size = b.getInt(eocd + 12) & 0xffffffffL;
    long offset = b.getInt(eocd + 16) & 0xffffffffL;
    if (entries == 0xffff || size == 0xffffffffL || offset == 0xffffffffL) {
      int locator = eocd - 20;
      if (locator < 0 || b.getInt(locator) != ZIP64_LOCATOR) {
        throw corrupt("no ZIP64 end record where one is announced");
      }
      long at = b.getLong(locator + 8);
      if (at < 0 || at > locator - 56 || b.getInt((int) at) != ZIP64_EOCD) {
        throw corrupt("the ZIP64 end record is out of place");
      }
      entries = b.getLong((int) at + 32);
      size = b.getLong((int) at + 40);
      offset = b.getLong((int) at + 48);
    }
    if (offset < 0 || size < 0 || offset + size > archive.length) {
      throw corrupt("the central directory lies outside the archive");
    }
    if (entries < 0 || entries > size / CENTRAL_SIZE) {
      throw corrupt("the central directory cannot hold " + entries + " entries");
    }
    List<Central> out = new ArrayList<>();
    int p = (int) offset;
    int end = (int) (offset + size);
    for (long i = 0; i < entries; i++) {
      if (p + CENTRAL_SIZE > end || b.getInt(p) != CENTRAL) {
        throw corrupt("a central directory entry is malformed");
      }
      int nameLength = b.getShort(p + 28) & 0xffff;
      int extraLength = b.getShort(p + 30) & 0xffff;
      int commentLength = b.getShort(p + 32) & 0xffff;
      int mode = (b.getInt(p + 38) >>> 16) & UNIX_TYPE;
      int next = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
      if (next > end) {
        throw corrupt("a central directory entry runs past its end");
      }
      String name = utf8(archive, p + CENTRAL_SIZE, nameLength);
      if (mode == UNIX_LINK) {
        throw new Refused("the archive holds a symbolic link, '" + name + "'; send files only");
      }
      if (mode != 0 && mode != UNIX_FILE && mode != UNIX_FOLDER) {
        throw new Refused(
            "the archive holds '" + name + "', which is neither a file nor a folder; send files");
      }
      out.add(new Central(name, mode == UNIX_FOLDER));
      p = next;
    }
    return out;
  }

  /** The end-of-central-directory record: the last one, within a comment's reach of the end. */
  private static int findEndRecord(ByteBuffer b) {
    int last = b.capacity() - EOCD_SIZE;
    int first = Math.max(0, last - MAX_COMMENT);
    for (int p = last; p >= first; p--) {
      if (b.getInt(p) == EOCD) {
        return p;
      }
    }
    throw new Refused("not a zip archive: it has no end of central directory record");
  }

  private static String utf8(byte[] archive, int from, int length) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(archive, from, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw corrupt("an entry's name is not UTF-8");
    }
  }

  private static Refused corrupt(String why) {
    return new Refused("the archive is corrupt: " + why);
  }
}
