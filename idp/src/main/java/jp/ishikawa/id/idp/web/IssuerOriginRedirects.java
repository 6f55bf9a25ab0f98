package jp.ishikawa.id.idp.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every redirect to this server names the configured issuer's origin, never the one the request's
 * {@code Host} header claims: the container, Spring Security's login entry point and saved requests
 * all build absolute URLs from the request, so {@code Host: evil.example} used to send the browser
 * to {@code http://evil.example/login}. Relative locations are made absolute on the issuer;
 * absolute ones on the request's own origin are moved to the issuer; redirects to other sites (a
 * relying party's callback) are left alone.
 */
public final class IssuerOriginRedirects extends OncePerRequestFilter {

  private final URI issuer;

  public IssuerOriginRedirects(URI issuer) {
    this.issuer = issuer;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, new Rebased(request, response));
  }

  /** {@code location} as it must be sent: on the issuer's origin when it points at this server. */
  String rebase(HttpServletRequest request, String location) {
    if (location.startsWith("/") && !location.startsWith("//")) {
      return origin(issuer) + location;
    }
    URI target;
    try {
      target = URI.create(location);
    } catch (IllegalArgumentException e) {
      return location;
    }
    if (!target.isAbsolute() || target.getRawAuthority() == null) {
      return location;
    }
    boolean sameAsRequest =
        target.getScheme().equalsIgnoreCase(request.getScheme())
            && target.getHost() != null
            && target.getHost().equalsIgnoreCase(request.getServerName())
            && port(target) == request.getServerPort();
    if (!sameAsRequest || origin(target).equals(origin(issuer))) {
      return location;
    }
    String rest =
        location.substring(
            location.indexOf(target.getRawAuthority()) + target.getRawAuthority().length());
    return origin(issuer) + rest;
  }

  private static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = port(uri);
    boolean defaultPort =
        (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private final class Rebased extends HttpServletResponseWrapper {
    private final HttpServletRequest request;

    Rebased(HttpServletRequest request, HttpServletResponse response) {
      super(response);
      this.request = request;
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      super.sendRedirect(rebase(request, location));
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
      super.sendRedirect(rebase(request, location), clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
      super.sendRedirect(rebase(request, location), sc);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
      super.sendRedirect(rebase(request, location), sc, clearBuffer);
    }

    @Override
    public void setHeader(String name, String value) {
      super.setHeader(name, isLocation(name) && value != null ? rebase(request, value) : value);
    }

    @Override
    public void addHeader(String name, String value) {
      super.addHeader(name, isLocation(name) && value != null ? rebase(request, value) : value);
    }

    private static boolean isLocation(String name) {
      return "Location".equalsIgnoreCase(name);
    }
  }
}
