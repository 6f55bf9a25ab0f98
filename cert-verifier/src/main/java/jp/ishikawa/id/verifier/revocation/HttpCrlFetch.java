package jp.ishikawa.id.verifier.revocation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Downloads a CRL over HTTP (RFC 5280 §4.2.1.13 allows http CRL locations) as a stream: the request
 * timeout bounds the wait for the response headers, a watchdog closes a body that stalls for longer
 * than the same timeout, and the byte cap is checked against Content-Length up front and against
 * the bytes actually read. Only the {@code revocation} package opens connections.
 */
final class HttpCrlFetch extends FilterInputStream {

  private final URI uri;
  private final long timeoutNanos;
  private final long maxBytes;
  private long count;
  private volatile long lastProgress;
  private volatile boolean closed;
  private volatile boolean stalled;

  private HttpCrlFetch(InputStream body, URI uri, Duration timeout, long maxBytes) {
    super(body);
    this.uri = uri;
    this.timeoutNanos = timeout.toNanos();
    this.maxBytes = maxBytes;
    this.lastProgress = System.nanoTime();
    watch(timeoutNanos);
  }

  /** Sends the request and returns the body, or throws with a message an operator can act on. */
  static InputStream open(HttpClient client, URI uri, Duration timeout, long maxBytes)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/pkix-crl, application/octet-stream")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("no response within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching the CRL");
    }
    InputStream body = response.body();
    if (response.statusCode() != 200) {
      body.close();
      throw new IOException("HTTP status " + response.statusCode() + " (expected 200)");
    }
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent() && length.getAsLong() > maxBytes) {
      body.close();
      throw new CrlFormatException(
          "Content-Length "
              + length.getAsLong()
              + " is more than the cap of "
              + maxBytes
              + " bytes (maxCrlBytes)");
    }
    return new HttpCrlFetch(body, uri, timeout, maxBytes);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int read = read(one, 0, 1);
    return read < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read;
    try {
      read = in.read(buffer, offset, length);
    } catch (IOException e) {
      if (stalled) {
        throw new IOException(
            "the body from " + uri + " stalled for more than " + timeoutNanos / 1_000_000 + " ms",
            e);
      }
      throw e;
    }
    if (read > 0) {
      count += read;
      lastProgress = System.nanoTime();
      if (count > maxBytes) {
        throw new CrlFormatException(
            "the body is larger than the cap of " + maxBytes + " bytes (maxCrlBytes)");
      }
    }
    return read;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    super.close();
  }

  /**
   * Checks after {@code delayNanos} whether bytes arrived within the timeout; closes the body if
   * not, which wakes a reader blocked in the HTTP client.
   */
  private void watch(long delayNanos) {
    CompletableFuture.runAsync(
        () -> {
          if (closed) {
            return;
          }
          long idle = System.nanoTime() - lastProgress;
          if (idle >= timeoutNanos) {
            stalled = true;
            try {
              in.close();
            } catch (IOException e) {
              // Closing is only a wake-up call; the reader reports the stall.
            }
          } else {
            watch(timeoutNanos - idle);
          }
        },
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS));
  }
}
