package dev.runbox.http.judge0;

import dev.runbox.core.jobs.Job;
import dev.runbox.core.jobs.JobKind;
import dev.runbox.core.jobs.JobService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code GET /statistics} as Judge0 answers it: submissions in all, today and on each of the 30
 * days before (UTC), counted by the store; by language and by status, counted here over the newest
 * {@link #SCANNED} jobs at most (a submission's language and status live in its job's request and
 * result), each list by count, most first; the store's size. The answer is cached for {@link
 * #CACHE} as in Judge0, and {@code invalidate_cache=true} computes it again.
 */
final class Judge0Statistics {
  /** How long an answer is served again, as Judge0's. */
  static final Duration CACHE = Duration.ofMinutes(10);

  /** The most jobs whose submissions are counted by language and status: the newest ones. */
  static final int SCANNED = 10_000;

  private static final int PAGE = 100;
  private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

  private final JobService jobs;
  private final Function<Job, List<Map<String, Object>>> views;
  private final Judge0Languages languages;
  private final Clock clock;
  private Map<String, Object> cached;
  private Instant cachedUntil = Instant.MIN;

  /**
   * @param views a job's Judge0 submissions (their {@code language_id} and {@code status_id} are
   *     read), none when it is no Judge0 job
   */
  Judge0Statistics(
      JobService jobs,
      Function<Job, List<Map<String, Object>>> views,
      Judge0Languages languages,
      Clock clock) {
    this.jobs = jobs;
    this.views = views;
    this.languages = languages;
    this.clock = clock;
  }

  /** The statistics, computed again when the cache ran out or {@code invalidate} says so. */
  synchronized Map<String, Object> get(boolean invalidate) {
    Instant now = clock.instant();
    if (invalidate || cached == null || !now.isBefore(cachedUntil)) {
      cached = compute(now);
      cachedUntil = now.plus(CACHE);
    }
    return cached;
  }

  private Map<String, Object> compute(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Map<String, Long> days = new LinkedHashMap<>();
    for (int back = 1; back <= 30; back++) {
      LocalDate day = today.minusDays(back);
      days.put(day.toString(), countOn(day));
    }
    Map<String, Object> submissions = new LinkedHashMap<>();
    submissions.put("total", jobs.count(JobKind.JUDGE0, Instant.EPOCH, END_OF_TIME));
    submissions.put("today", countOn(today));
    submissions.put("last_30_days", days);

    Map<Integer, Long> byLanguage = new TreeMap<>();
    Map<Integer, Long> byStatus = new TreeMap<>();
    for (int offset = 0; offset < SCANNED; offset += PAGE) {
      List<Job> page = jobs.newest(JobKind.JUDGE0, offset, Math.min(PAGE, SCANNED - offset));
      for (Job job : page) {
        for (Map<String, Object> v : views.apply(job)) {
          byLanguage.merge((Integer) v.get("language_id"), 1L, Long::sum);
          byStatus.merge((Integer) v.get("status_id"), 1L, Long::sum);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    List<Map<String, Object>> languageCounts = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : mostFirst(byLanguage)) {
      Map<String, Object> language = new LinkedHashMap<>();
      language.put("id", e.getKey());
      language.put("name", languages.find(e.getKey()).map(l -> l.brief().name()).orElse(null));
      languageCounts.add(entry("language", language, e.getValue()));
    }
    List<Map<String, Object>> statusCounts = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : mostFirst(byStatus)) {
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("id", e.getKey());
      status.put(
          "name",
          java.util.Arrays.stream(Judge0Status.values())
              .filter(s -> s.id() == e.getKey())
              .map(Judge0Status::description)
              .findFirst()
              .orElse(null));
      statusCounts.add(entry("status", status, e.getValue()));
    }
    long size = jobs.storeSizeInBytes();
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("size_pretty", pretty(size));
    database.put("size_in_bytes", size);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("created_at", TIME.format(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
    out.put("cached_until", TIME.format(OffsetDateTime.ofInstant(now.plus(CACHE), ZoneOffset.UTC)));
    out.put("submissions", submissions);
    out.put("languages", languageCounts);
    out.put("statuses", statusCounts);
    out.put("database", database);
    return out;
  }

  private long countOn(LocalDate day) {
    return jobs.count(
        JobKind.JUDGE0,
        day.atStartOfDay(ZoneOffset.UTC).toInstant(),
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private static List<Map.Entry<Integer, Long>> mostFirst(Map<Integer, Long> counts) {
    return counts.entrySet().stream()
        .sorted(
            Comparator.comparing(Map.Entry<Integer, Long>::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .toList();
  }

  private static Map<String, Object> entry(String key, Object what, long count) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, what);
    m.put("count", count);
    return m;
  }

  /**
   * A size as PostgreSQL's {@code pg_size_pretty} writes it ({@code 8192 bytes}, {@code 12 MB}).
   */
  static String pretty(long bytes) {
    if (bytes < 10 * 1024) {
      return bytes + " bytes";
    }
    long half = bytes >> 9;
    for (String unit : List.of("kB", "MB", "GB", "TB")) {
      if (half < 20 * 1024 - 1 || unit.equals("TB")) {
        return (half + 1) / 2 + " " + unit;
      }
      half >>= 10;
    }
    throw new AssertionError("unreachable");
  }
}
