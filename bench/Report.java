import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets, checked (never asserted), and the tables printed after a run. */
final class Report {
  private Report() {}

  record Target(String target, String measured, boolean met) {}

  static List<Target> targets(
      Bench.ThinkTime think,
      List<Bench.Level> levels,
      List<Bench.ImageRow> images,
      Bench.Memory rss) {
    List<Target> t = new ArrayList<>();
    double p50 = think.runbox().p50Ms();
    double vsExec = p50 / think.rawExec().p50Ms();
    double spread = think.runbox().p95Ms() / p50;
    t.add(new Target("think-time p50 <= 60 ms", f("%.0f ms", p50), p50 <= 60));
    t.add(new Target("think-time p50 <= 0.5x raw exec", f("%.2fx", vsExec), vsExec <= 0.5));
    t.add(new Target("think-time p95 <= 2x p50", f("%.2fx", spread), spread <= 2));
    for (Bench.Level l : levels) {
      if (l.concurrency() == 8) {
        double r = l.runbox().perSecond() / l.lifecycleFloor().perSecond();
        t.add(
            new Target(
                "c=8 throughput >= 0.9x lifecycle floor, 0 failures",
                f("%.2fx, %d failed", r, l.runbox().failed()),
                r >= 0.9 && l.runbox().failed() == 0));
      }
    }
    t.addAll(imageTargets(images));
    t.add(
        new Target(
            "service RSS under load < 256 MiB",
            f("%.0f MiB", rss.underLoadPeakMib()),
            rss.underLoadPeakMib() < 256));
    return t;
  }

  /** Each image's green sample against its plain exec, and Python's against its own bound. */
  private static List<Target> imageTargets(List<Bench.ImageRow> images) {
    List<Target> t = new ArrayList<>();
    for (Bench.ImageRow i : images) {
      double r = i.runbox().p50Ms() / i.plainExec().p50Ms();
      t.add(new Target(i.image() + " green <= 1.25x plain exec", f("%.2fx", r), r <= 1.25));
      if (i.image().equals("python")) {
        t.add(
            new Target(
                "python green p50 <= 0.9 s",
                f("%.0f ms", i.runbox().p50Ms()),
                i.runbox().p50Ms() <= 900));
      }
    }
    return t;
  }

  static String table(Bench.Results r) {
    StringBuilder b = new StringBuilder();
    thinkTime(b, r.thinkTime());
    throughput(b, r.throughput());
    images(b, r.perImage());
    b.append("\nRequest size (runbox, c=1, 5 MiB in all):\n\n")
        .append(
            "| files | bytes | p50 ms | p95 ms | ratio to 1 file |\n| --- | --- | --- | --- | --- |\n");
    double base = r.requestSize().get(0).p50Ms();
    for (Bench.RequestSize s : r.requestSize()) {
      b.append(
          f(
              "| %d | %d | %.0f | %.0f | %.2f |%n",
              s.files(), s.totalBytes(), s.p50Ms(), s.p95Ms(), s.p50Ms() / base));
    }
    b.append(
        f(
            "%nService resident memory: %.0f MiB idle, %.0f MiB at the load peak (kernel high-water mark).%n",
            r.serviceRss().idleMib(), r.serviceRss().underLoadPeakMib()));
    b.append("\nTargets:\n\n| target | measured | met |\n| --- | --- | --- |\n");
    for (Target t : r.targets()) {
      b.append(f("| %s | %s | %s |%n", t.target(), t.measured(), t.met() ? "met" : "not met"));
    }
    b.append("\nFailures: ").append(r.failures().size()).append('\n');
    r.failures().forEach(x -> b.append("- ").append(x).append('\n'));
    return b.toString();
  }

  private static void thinkTime(StringBuilder b, Bench.ThinkTime t) {
    b.append(
            f(
                "Think time: python print(1), one at a time, %.1f s pause before each, n=%d each, interleaved:%n%n",
                t.pauseS(), t.n()))
        .append("| path | p50 ms | p95 ms | p95 / p50 | runbox p50 / this p50 | failed |\n")
        .append("| --- | --- | --- | --- | --- | --- |\n");
    thinkRow(b, "runbox API (kept-alive HTTP/1.1, no client library)", t.runbox(), t.runbox());
    thinkRow(b, "raw exec (Engine API by hand, sandbox flags)", t.rawExec(), t.runbox());
    thinkRow(b, "docker run --rm --network none", t.dockerRun(), t.runbox());
    thinkRow(b, "runbox API through the JDK's HttpClient", t.runboxJdkClient(), t.runbox());
    thinkRow(b, "raw exec through docker-java", t.rawExecDockerJava(), t.runbox());
  }

  private static void thinkRow(StringBuilder b, String what, Measure.Stats s, Measure.Stats rb) {
    b.append(
        f(
            "| %s | %.0f | %.0f | %.2f | %.2f | %d |%n",
            what, s.p50Ms(), s.p95Ms(), s.p95Ms() / s.p50Ms(), rb.p50Ms() / s.p50Ms(), s.failed()));
  }

  private static void throughput(StringBuilder b, List<Bench.Level> levels) {
    b.append("\nBack to back: python print(1), runs/s (p50 ms per run):\n\n")
        .append(
            "| c | runbox | lifecycle floor (create+start+remove) | docker run | runbox / floor | runbox / docker run | failed runbox / floor / docker |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Bench.Level l : levels) {
      b.append(
          f(
              "| %d | %.2f (%.0f) | %.2f (%.0f) | %.2f (%.0f) | %.2f | %.2f | %d / %d / %d |%n",
              l.concurrency(),
              l.runbox().perSecond(),
              l.runbox().p50Ms(),
              l.lifecycleFloor().perSecond(),
              l.lifecycleFloor().p50Ms(),
              l.dockerRun().perSecond(),
              l.dockerRun().p50Ms(),
              l.runbox().perSecond() / l.lifecycleFloor().perSecond(),
              l.runbox().perSecond() / l.dockerRun().perSecond(),
              l.runbox().failed(),
              l.lifecycleFloor().failed(),
              l.dockerRun().failed()));
    }
    b.append("\nPhase split (runbox, mean ms per run):\n\n| c | phases |\n| --- | --- |\n");
    for (Bench.Level l : levels) {
      b.append("| ").append(l.concurrency()).append(" | ").append(l.phaseMeanMs()).append(" |\n");
    }
  }

  /** The per-image table and its targets alone (RUNBOX_BENCH_IMAGES). */
  static String imageTable(List<Bench.ImageRow> rows) {
    StringBuilder b = new StringBuilder();
    images(b, rows);
    for (Target t : imageTargets(rows)) {
      b.append(f("%s: %s, %s%n", t.target(), t.measured(), t.met() ? "met" : "not met"));
    }
    return b.toString();
  }

  private static void images(StringBuilder b, List<Bench.ImageRow> rows) {
    b.append("\nGreen sample per image, p50 ms, pause between runs:\n\n")
        .append("| image | runbox API | plain exec | ratio | failed runbox / plain |\n")
        .append("| --- | --- | --- | --- | --- |\n");
    for (Bench.ImageRow i : rows) {
      b.append(
          f(
              "| %s | %.0f | %.0f | %.2f | %d / %d |%n",
              i.image(),
              i.runbox().p50Ms(),
              i.plainExec().p50Ms(),
              i.runbox().p50Ms() / i.plainExec().p50Ms(),
              i.runbox().failed(),
              i.plainExec().failed()));
    }
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
