package jp.ishikawa.id.verifier.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one OCSP request by HTTP POST (RFC 6960 Appendix A.1) and brings back the body, or a short
 * reason why there is none. One deadline covers connecting, sending and reading the whole body, so
 * a responder that trickles bytes cannot hold a login longer than the timeout; the body is capped,
 * so a hostile or broken responder cannot make the verifier buffer without bound. Redirects are not
 * followed: the responder is configuration or the certificate's AIA, not whatever it points at.
 */
final class OcspHttpTransport {

  static final String REQUEST_TYPE = "application/ocsp-request";
  static final String RESPONSE_TYPE = "application/ocsp-response";

  /** What came back from the responder. */
  sealed interface Result permits Answer, Failure {}

  /** A 200 response of type {@code application/ocsp-response}, within the size cap. */
  record Answer(byte[] body) implements Result {}

  /** No usable HTTP answer; {@code reason} is operator detail ("timeout", "HTTP status 503"…). */
  record Failure(String reason) implements Result {}

  private final HttpClient client;
  private final Duration timeout;
  private final int maxResponseBytes;

  OcspHttpTransport(Duration timeout, int maxResponseBytes) {
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  Result post(URI responder, byte[] request) {
    HttpRequest httpRequest =
        HttpRequest.newBuilder(responder)
            .timeout(timeout)
            .header("Content-Type", REQUEST_TYPE)
            .header("Accept", RESPONSE_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(request))
            .build();
    CompletableFuture<HttpResponse<byte[]>> pending =
        client.sendAsync(
            httpRequest,
            info ->
                info.statusCode() == 200
                    ? new CappedBody(maxResponseBytes)
                    : HttpResponse.BodySubscribers.replacing(new byte[0]));
    HttpResponse<byte[]> response;
    try {
      response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return new Failure("timeout");
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      return new Failure("interrupted");
    } catch (ExecutionException e) {
      return new Failure(describe(e.getCause()));
    }
    if (response.statusCode() != 200) {
      return new Failure("HTTP status " + response.statusCode());
    }
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mediaType.equals(RESPONSE_TYPE)) {
      return new Failure(
          contentType.isEmpty() ? "no content type" : "wrong content type " + contentType);
    }
    return new Answer(response.body());
  }

  private String describe(Throwable failure) {
    // The HTTP client wraps its causes at varying depths: look through the whole chain.
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpTimeoutException) {
        return "timeout";
      }
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      if (cause instanceof ResponseTooLarge) {
        return "response larger than " + maxResponseBytes + " bytes";
      }
    }
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return "I/O error: "
        + cause.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : " " + message);
  }

  /** Raised inside the HTTP client when the body passes the cap; never leaves this class. */
  private static final class ResponseTooLarge extends IOException {
    ResponseTooLarge() {
      super("response too large");
    }
  }

  /** Collects the body, and cancels the exchange as soon as it passes {@code limit} bytes. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
      this.subscription = newSubscription;
      newSubscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + (long) item.remaining() > limit) {
          subscription.cancel();
          body.completeExceptionally(new ResponseTooLarge());
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        buffer.write(chunk, 0, chunk.length);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
      body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      body.complete(buffer.toByteArray());
    }
  }
}
