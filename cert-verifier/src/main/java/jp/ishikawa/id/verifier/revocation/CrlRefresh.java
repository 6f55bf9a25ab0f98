package jp.ishikawa.id.verifier.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ishikawa.id.verifier.path.TrustStore;

/**
 * One reload of every configured location for {@link CrlStore}: fetch, parse, verify, and decide
 * per source what stays in use. A source that fails, or serves a CRL older than the one in use (a
 * replay), keeps its previous CRL and records why; nothing here throws for a bad source.
 */
final class CrlRefresh {

  /**
   * What one refresh produced.
   *
   * @param infos one entry per source, in configuration order
   * @param inUse the verified CRL in use per source
   */
  record Result(List<CrlInfo> infos, Map<String, LoadedCrl> inUse) {}

  private final TrustStore trustStore;
  private final HttpClient http;
  private final Duration httpTimeout;
  private final long maxCrlBytes;
  private final Clock clock;

  CrlRefresh(
      TrustStore trustStore, HttpClient http, Duration httpTimeout, long maxCrlBytes, Clock clock) {
    this.trustStore = trustStore;
    this.http = http;
    this.httpTimeout = httpTimeout;
    this.maxCrlBytes = maxCrlBytes;
    this.clock = clock;
  }

  Result run(List<CrlLocation> locations, Map<String, LoadedCrl> previous) {
    List<CrlInfo> infos = new ArrayList<>();
    Map<String, LoadedCrl> inUse = new LinkedHashMap<>();
    for (CrlLocation location : locations) {
      List<String> sources;
      try {
        sources = location.sources();
      } catch (IOException | RuntimeException e) {
        keepPrevious(previous, location, "cannot list the directory: " + describe(e), infos, inUse);
        continue;
      }
      if (sources.isEmpty()) {
        infos.add(
            LoadedCrl.failed(
                location.text(), null, Duration.ZERO, "holds no *.crl, *.der or *.pem file"));
      }
      for (String source : sources) {
        refreshSource(location, source, previous.get(source), infos, inUse);
      }
    }
    return new Result(List.copyOf(infos), Collections.unmodifiableMap(inUse));
  }

  private void refreshSource(
      CrlLocation location,
      String source,
      LoadedCrl previous,
      List<CrlInfo> infos,
      Map<String, LoadedCrl> inUse) {
    long started = System.nanoTime();
    ParsedCrl parsed = null;
    String error;
    try (InputStream in =
        location.isHttp()
            ? HttpCrlFetch.open(http, location.uri(), httpTimeout, maxCrlBytes)
            : CrlLocation.openFile(source, maxCrlBytes)) {
      parsed = CrlParser.parse(in, maxCrlBytes);
      if (parsed.refusal() != null) {
        error = parsed.refusal();
      } else {
        CrlSigningRoot.Outcome signer = CrlSigningRoot.find(parsed, trustStore);
        error = signer.refusal();
        if (signer.anchor() != null) {
          LoadedCrl loaded =
              new LoadedCrl(source, signer.anchor(), parsed, CrlStore.since(started));
          if (previous != null && previous.newerThan(loaded)) {
            error =
                "refused a CRL older than the one in use (thisUpdate "
                    + parsed.thisUpdate()
                    + " before "
                    + previous.crl().thisUpdate()
                    + "): a replayed or rolled-back CRL";
          } else {
            inUse.put(source, loaded);
            infos.add(loaded.info(null));
            return;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Recorded as a failed source below; never turned into a usable CRL.
      error = describe(e);
    }
    if (previous != null) {
      inUse.put(source, previous);
      infos.add(previous.info(keptMessage(error, previous)));
    } else {
      infos.add(LoadedCrl.failed(source, parsed, CrlStore.since(started), error));
    }
  }

  private void keepPrevious(
      Map<String, LoadedCrl> previous,
      CrlLocation location,
      String error,
      List<CrlInfo> infos,
      Map<String, LoadedCrl> inUse) {
    boolean kept = false;
    for (LoadedCrl crl : previous.values()) {
      if (location.path() != null
          && Path.of(crl.source()).startsWith(location.path())
          && !inUse.containsKey(crl.source())) {
        inUse.put(crl.source(), crl);
        infos.add(crl.info(keptMessage(error, crl)));
        kept = true;
      }
    }
    if (!kept) {
      infos.add(LoadedCrl.failed(location.text(), null, Duration.ZERO, error));
    }
  }

  private String keptMessage(String error, LoadedCrl kept) {
    return "refresh at "
        + clock.instant()
        + " failed: "
        + error
        + "; still using the CRL of thisUpdate "
        + kept.crl().thisUpdate();
  }

  static String describe(Exception e) {
    String message = e.getMessage();
    if (e instanceof CrlFormatException) {
      return "malformed CRL: " + message;
    }
    String kind = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }
}
