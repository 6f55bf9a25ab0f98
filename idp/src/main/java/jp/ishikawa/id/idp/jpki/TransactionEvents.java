package jp.ishikawa.id.idp.jpki;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for the login page: the current status at once, then every change, until the
 * transaction completes, fails or expires. Status comes from the shared transaction store, so the
 * node holding the browser's stream learns of a card response that another node processed; one
 * small scheduler polls every open stream, which costs a few store reads per second per login in
 * progress and no thread per browser.
 */
@Component
public class TransactionEvents {

  private static final long POLL_MILLIS = 500;

  /** An SSE comment this often: a page that went away is noticed, and proxies keep the stream. */
  private static final long HEARTBEAT_MILLIS = 15_000;

  private final JpkiTransactionService transactions;
  private final Clock clock;
  private final Duration maximum;
  private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "jpki-transaction-events");
            thread.setDaemon(true);
            return thread;
          });

  public TransactionEvents(
      JpkiTransactionService transactions, Clock clock, IshikawaIdProperties properties) {
    this.transactions = transactions;
    this.clock = clock;
    this.maximum = properties.getTransactions().getLifetime().plusSeconds(30);
  }

  /**
   * Opens a stream of the transaction's status for the session holding {@code binding}.
   *
   * @throws JpkiProtocolException {@code not_found} when it is not this session's transaction
   */
  public SseEmitter follow(String txn, String binding) {
    JpkiTransaction first = transactions.followedBy(txn, binding);
    SseEmitter emitter = new SseEmitter(maximum.toMillis());
    AtomicReference<String> last = new AtomicReference<>();
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    AtomicLong lastSent = new AtomicLong(System.nanoTime());
    Runnable poll =
        () -> {
          try {
            if (System.nanoTime() - lastSent.get() > HEARTBEAT_MILLIS * 1_000_000L) {
              // A write to a page that is gone fails here and ends the stream.
              emitter.send(SseEmitter.event().comment("keep-alive"));
              lastSent.set(System.nanoTime());
            }
            TransactionStatus status =
                TransactionStatus.of(transactions.followedBy(txn, binding), clock.instant());
            send(emitter, status, last);
            if (status.terminal()) {
              emitter.complete();
              cancel(task);
            }
          } catch (JpkiProtocolException e) {
            // The transaction is gone (its grace period ended): tell the page it expired.
            send(emitter, new TransactionStatus("failed", JpkiError.EXPIRED.code()), last);
            emitter.complete();
            cancel(task);
          } catch (IOException | RuntimeException e) {
            emitter.completeWithError(e);
            cancel(task);
          }
        };
    open.add(emitter);
    emitter.onCompletion(() -> end(emitter, task));
    emitter.onTimeout(() -> end(emitter, task));
    emitter.onError(error -> end(emitter, task));
    TransactionStatus initial = TransactionStatus.of(first, clock.instant());
    send(emitter, initial, last);
    if (initial.terminal()) {
      emitter.complete();
    } else {
      task.set(
          scheduler.scheduleWithFixedDelay(poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS));
    }
    return emitter;
  }

  private static void send(
      SseEmitter emitter, TransactionStatus status, AtomicReference<String> last) {
    String key = status.status() + ":" + status.reason();
    if (key.equals(last.getAndSet(key))) {
      return;
    }
    try {
      emitter.send(
          SseEmitter.event()
              .name(status.status())
              .data(status.toJson(), MediaType.APPLICATION_JSON));
    } catch (IOException | IllegalStateException e) {
      // The browser went away; the completion callbacks stop the polling.
      emitter.completeWithError(e);
    }
  }

  private void end(SseEmitter emitter, AtomicReference<ScheduledFuture<?>> task) {
    open.remove(emitter);
    cancel(task);
  }

  /**
   * On shutdown, before the web server's graceful stop: end every open stream, so a node leaves at
   * once. Pages fall back to polling, which reaches another node.
   */
  @EventListener(ContextClosedEvent.class)
  public void closeStreams() {
    for (SseEmitter emitter : open) {
      emitter.complete();
    }
    open.clear();
  }

  /** How many streams are open (for tests and metrics). */
  public int openStreams() {
    return open.size();
  }

  private static void cancel(AtomicReference<ScheduledFuture<?>> task) {
    ScheduledFuture<?> future = task.get();
    if (future != null) {
      future.cancel(false);
    }
  }

  @PreDestroy
  void stop() {
    scheduler.shutdownNow();
  }
}
