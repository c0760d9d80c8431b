package dev.runbox.http.cyberdojo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbox.core.InvalidRequestException;
import dev.runbox.core.Limits;
import dev.runbox.images.ImageCatalogDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CyberDojoImagesTest {
  private static final Limits DEFAULTS = new Limits(10, 128, 1, 128, 64, 50, 256);
  private static final Limits MAX = new Limits(120, 4096, 2, 1024, 1024, 1024, 4096);

  @TempDir Path dir;

  private CyberDojoImages images() throws Exception {
    Path img = Files.createDirectories(dir.resolve("python"));
    Files.writeString(
        img.resolve("manifest.json"),
        """
        {"name": "python", "language": "x", "version": "1", "framework": "none", "extension": ".x",
         "command": "true", "limits": {},
         "aliases": {"cyber_dojo": ["cyberdojofoundation/python_pytest",
           {"name": "python_unittest", "rules": [{"outcome": "green", "exit_status": [0]}]}]},
         "rules": [{"outcome": "green", "exit_status": [0]}]}""");
    return new CyberDojoImages(ImageCatalogDirectory.load(dir, DEFAULTS, MAX).manifests());
  }

  @Test
  void mapsANameAliasToTheImageAndItsOwnRules() throws Exception {
    assertThat(images().target("ghcr.io/cyber-dojo-languages/python_pytest:4833cf7"))
        .isEqualTo(new CyberDojoImages.Target("python", ""));
    assertThat(images().target("cyberdojofoundation/python_pytest"))
        .isEqualTo(new CyberDojoImages.Target("python", ""));
  }

  @Test
  void mapsAnObjectAliasToTheImageAndTheAliasRules() throws Exception {
    assertThat(images().target("ghcr.io/cyber-dojo-languages/python_unittest:9e3179c"))
        .isEqualTo(new CyberDojoImages.Target("python", "python_unittest"));
    assertThat(images().target("cyberdojofoundation/python_unittest@sha256:" + "f".repeat(64)))
        .isEqualTo(new CyberDojoImages.Target("python", "python_unittest"));
  }

  @Test
  void refusesAnUnknownNameListingTheServedOnes() throws Exception {
    CyberDojoImages images = images();

    assertThatThrownBy(() -> images.target("ghcr.io/cyber-dojo-languages/python_behave:1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "unknown image_name 'ghcr.io/cyber-dojo-languages/python_behave:1'; runbox serves"
                + " python_pytest, python_unittest as ghcr.io/cyber-dojo-languages/<name> or"
                + " cyberdojofoundation/<name>, any tag or digest");
  }
}
