package jp.ishikawa.id.idp.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A relying party's back-channel logout endpoint on 127.0.0.1 (the JDK's HTTP server): it records
 * every {@code logout_token} POSTed to it, and can play a service that is down (503) for a while or
 * slow to answer.
 */
public final class LogoutTokenReceiver implements AutoCloseable {

  /** One POST received. */
  public record Received(String path, String logoutToken) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicReference<Duration> hold = new AtomicReference<>(Duration.ZERO);

  public LogoutTokenReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.incrementAndGet();
          try {
            Thread.sleep(hold.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (down.get() || failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
          }
          for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[0].equals("logout_token")) {
              received.add(
                  new Received(
                      exchange.getRequestURI().getPath(),
                      URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The next {@code count} deliveries get 503. */
  public void failNext(int count) {
    failures.set(count);
  }

  /** While down, every delivery gets 503. */
  public void down(boolean isDown) {
    down.set(isDown);
  }

  /** Every answer from now on comes {@code delay} after its request (zero: at once). */
  public void hold(Duration delay) {
    hold.set(delay);
  }

  public int requests() {
    return requests.get();
  }

  /** Waits (at most {@code within}) for a token posted to {@code path} that {@code matches}. */
  public Optional<String> await(String path, Predicate<String> matches, Duration within)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      for (Received r : received) {
        if (r.path().equals(path) && matches.test(r.logoutToken())) {
          return Optional.of(r.logoutToken());
        }
      }
      Thread.sleep(50);
    }
    return Optional.empty();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
