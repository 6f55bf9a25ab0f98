package jp.ishikawa.id.idp.passkey;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import jp.ishikawa.id.idp.audit.AuditLog;
import jp.ishikawa.id.idp.identity.LoginMethod;
import jp.ishikawa.id.idp.identity.Resident;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import jp.ishikawa.id.idp.identity.ResidentService;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A passkey is registered only right after a card login: in front of Spring's registration
 * endpoints ({@code POST /webauthn/register/options} and {@code POST /webauthn/register}), refuses
 * with 403 and a JSON {@code {error, error_description}} — and audits — a request whose resident
 * did not log in with the card within {@code ishikawa-id.passkeys.registration-window} ({@code
 * card_login_required}: a passkey login cannot add passkeys, so a stolen phone cannot multiply
 * itself), or who already has {@code ishikawa-id.passkeys.max-per-resident} passkeys ({@code
 * too_many_passkeys}).
 */
public final class PasskeyRegistrationGate extends OncePerRequestFilter {

  private static final RequestMatcher REGISTRATION =
      new OrRequestMatcher(
          PathPatternRequestMatcher.withDefaults()
              .matcher(HttpMethod.POST, "/webauthn/register/options"),
          PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/webauthn/register"));

  private final PasskeyCredentialRepository credentials;
  private final ResidentService residents;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration window;
  private final int maxPerResident;
  private final SecurityContextHolderStrategy holder =
      SecurityContextHolder.getContextHolderStrategy();

  public PasskeyRegistrationGate(
      PasskeyCredentialRepository credentials,
      ResidentService residents,
      AuditLog audit,
      Clock clock,
      Duration window,
      int maxPerResident) {
    this.credentials = credentials;
    this.residents = residents;
    this.audit = audit;
    this.clock = clock;
    this.window = window;
    this.maxPerResident = maxPerResident;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !REGISTRATION.matches(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<ResidentAuthentication> login =
        ResidentAuthentication.from(holder.getContext().getAuthentication());
    Optional<Resident> resident =
        login.flatMap(l -> residents.findByIshikawaId(l.ishikawaId())).filter(Resident::active);
    if (resident.isEmpty()) {
      refuse(response, null, PasskeyError.CARD_LOGIN_REQUIRED, "log in with the card first");
      return;
    }
    if (login.get().method() != LoginMethod.CARD
        || login.get().authenticatedAt().plus(window).isBefore(clock.instant())) {
      refuse(
          response,
          resident.get(),
          PasskeyError.CARD_LOGIN_REQUIRED,
          "a passkey is registered within " + window.toMinutes() + " minutes of a card login");
      return;
    }
    if (credentials.count(resident.get().id()) >= maxPerResident) {
      refuse(
          response,
          resident.get(),
          PasskeyError.TOO_MANY_PASSKEYS,
          "at most " + maxPerResident + " passkeys; remove one first");
      return;
    }
    chain.doFilter(request, response);
  }

  private void refuse(
      HttpServletResponse response, Resident resident, PasskeyError error, String description)
      throws IOException {
    audit.record(
        "passkey.registered",
        "failure",
        error.code(),
        resident == null ? null : resident.id(),
        null,
        null);
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response
        .getWriter()
        .write(
            "{\"error\":\"" + error.code() + "\",\"error_description\":\"" + description + "\"}");
  }
}
