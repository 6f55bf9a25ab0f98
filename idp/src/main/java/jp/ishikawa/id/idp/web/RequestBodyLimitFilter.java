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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies on the card protocol: a card response is a few kilobytes, so anything over
 * {@link #MAX_BYTES} is refused with {@code 413 payload_too_large} before it is read, whether it
 * declares its length or streams it chunked.
 */
public final class RequestBodyLimitFilter extends OncePerRequestFilter {

  public static final int MAX_BYTES = 32 * 1024;

  private static final String TOO_LARGE =
      "{\"error\":\"payload_too_large\",\"error_description\":\"the request body is larger than "
          + MAX_BYTES
          + " bytes\"}";

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
      chain.doFilter(new Limited(request), response);
    } catch (BodyTooLarge e) {
      if (!response.isCommitted()) {
        response.reset();
        refuse(response);
      }
    }
  }

  private static void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setContentType("application/json");
    response.getOutputStream().write(TOO_LARGE.getBytes(StandardCharsets.UTF_8));
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
    private ServletInputStream stream;

    Limited(HttpServletRequest request) {
      super(request);
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
                int b = inner.read();
                if (b >= 0 && ++read > MAX_BYTES) {
                  throw new BodyTooLarge();
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = inner.read(buffer, offset, length);
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
