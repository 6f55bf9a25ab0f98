package jp.ishikawa.id.idp.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies on the card protocol: a card response is a few kilobytes, so anything over
 * {@link #MAX_BYTES} is refused with {@code 413 payload_too_large} before it is read, whether it
 * declares its length or streams it chunked; and the whole body must arrive within a deadline from
 * the start of the request, or it is refused with {@code 408 request_timeout}. The container's read
 * timeout bounds only the wait for each next byte, so a client trickling a byte every few seconds
 * would otherwise hold its connection for as long as it likes. (An unread rest of a body is not
 * drained: {@code server.tomcat.max-swallow-size: 0} closes such a connection.)
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {

  public static final int MAX_BYTES = 32 * 1024;

  private static final String TOO_LARGE =
      "{\"error\":\"payload_too_large\",\"error_description\":\"the request body is larger than "
          + MAX_BYTES
          + " bytes\"}";

  private static final String TOO_SLOW =
      "{\"error\":\"request_timeout\",\"error_description\":\"the request body did not arrive in"
          + " time\"}";

  private final Duration deadline;
  private final LongSupplier nanoTime;

  /**
   * @param deadline how long, from the start of the request, the whole body may take to arrive
   * @param nanoTime the monotonic clock ({@code System::nanoTime}; a test's own clock otherwise)
   */
  public RequestBodyLimitFilter(Duration deadline, LongSupplier nanoTime) {
    this.deadline = deadline;
    this.nanoTime = nanoTime;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(request.getContextPath() + "/jpki/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      refuse(response);
      return;
    }
    try {
      chain.doFilter(
          new Limited(request, nanoTime.getAsLong() + deadline.toNanos(), nanoTime), response);
    } catch (BodyTooLarge e) {
      if (!response.isCommitted()) {
        response.reset();
        refuse(response);
      }
    } catch (BodyTooSlow e) {
      if (!response.isCommitted()) {
        response.reset();
        tooSlow(response);
      }
    }
  }

  private static void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setContentType("application/json");
    response.getOutputStream().write(TOO_LARGE.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code 408} and close: the rest of a trickled body is never waited for. */
  public static void tooSlow(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_REQUEST_TIMEOUT);
    response.setHeader("Connection", "close");
    response.setContentType("application/json");
    response.getOutputStream().write(TOO_SLOW.getBytes(StandardCharsets.UTF_8));
  }

  /** Thrown while reading a body past its deadline; handlers that wrap it map it to 408 too. */
  public static final class BodyTooSlow extends IOException {
    BodyTooSlow() {
      super("request body too slow");
    }

    /** Whether {@code error} is, or was caused by, a body past its deadline. */
    public static boolean causes(Throwable error) {
      for (Throwable cause = error; cause != null; cause = cause.getCause()) {
        if (cause instanceof BodyTooSlow) {
          return true;
        }
      }
      return false;
    }
  }

  /** Thrown while reading a body past the cap; handlers that wrap it map it to 413 too. */
  public static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("request body too large");
    }

    /** Whether {@code error} is, or was caused by, a body over the cap. */
    public static boolean causes(Throwable error) {
      for (Throwable cause = error; cause != null; cause = cause.getCause()) {
        if (cause instanceof BodyTooLarge) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long deadlineNanos, LongSupplier nanoTime) {
      super(request);
      this.deadlineNanos = deadlineNanos;
      this.nanoTime = nanoTime;
    }

    private void checkDeadline() throws BodyTooSlow {
      if (nanoTime.getAsLong() - deadlineNanos > 0) {
        throw new BodyTooSlow();
      }
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream inner = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long read;

              @Override
              public int read() throws IOException {
                checkDeadline();
                int b = inner.read();
                checkDeadline();
                if (b >= 0 && ++read > MAX_BYTES) {
                  throw new BodyTooLarge();
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                checkDeadline();
                int n = inner.read(buffer, offset, length);
                checkDeadline();
                if (n > 0) {
                  read += n;
                  if (read > MAX_BYTES) {
                    throw new BodyTooLarge();
                  }
                }
                return n;
              }

              @Override
              public boolean isFinished() {
                return inner.isFinished();
              }

              @Override
              public boolean isReady() {
                return inner.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                inner.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
